package dev.multiproc.cluster.internal.ipc;

import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;

/**
 * A pipe's two ends: which endpoint owns each (the last JVM that used it) and whether it is closed. An end
 * whose owner leaves the cluster is closed, so that its peer's receive ends instead of hanging.
 */
record PipeState(String owner0, String owner1, boolean closed0, boolean closed1) implements State {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public State reap(String dead) {
        boolean c0 = closed0 || dead.equals(owner0);
        boolean c1 = closed1 || dead.equals(owner1);
        return c0 == closed0 && c1 == closed1 ? this : new PipeState(owner0, owner1, c0, c1);
    }

    boolean closed(int side) {
        return side == 0 ? closed0 : closed1;
    }

    static Op<Void> claim(int side, String me) {
        return cell -> {
            PipeState s = cell.get() instanceof PipeState p ? p : new PipeState(null, null, false, false);
            cell.set(side == 0 ? new PipeState(me, s.owner1, s.closed0, s.closed1)
                    : new PipeState(s.owner0, me, s.closed0, s.closed1));
            return null;
        };
    }

    static Op<Void> close(int side) {
        return cell -> {
            PipeState s = (PipeState) cell.get();
            cell.set(new PipeState(s.owner0, s.owner1, s.closed0 || side == 0, s.closed1 || side == 1));
            return null;
        };
    }

    static Op<PipeState> read() {
        return cell -> (PipeState) cell.get();
    }
}
