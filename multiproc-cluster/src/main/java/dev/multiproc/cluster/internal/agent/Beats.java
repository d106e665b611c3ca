package dev.multiproc.cluster.internal.agent;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.topic.ITopic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agents' beats to one another, which tell a crash from a split: each agent publishes its address every
 * second, and each remembers when it last heard every other. A worker's client that leaves this agent while its
 * own agent still beats, or whose agent left the cluster right after its last beat, died (a crash closes
 * connections at once): its holds are reaped at once. One that leaves after its agent fell silent may live on
 * the other side of a split, where its agent stops it once it loses the worker's owner, or once it has heard no
 * majority for a while ({@link Fence}): its holds wait for that ({@link AgentRuntime#FENCE_MILLIS}), so that two
 * holders never overlap.
 */
/*
 * Beats travel on a topic among members only (clients do not listen). A cut-off agent's beats reach only its own
 * side. A member that merges back into the other side after a split is reset, and loses its listener: it
 * listens again once merged, and a member that joins counts as heard (so a side's memory of the split does not
 * outlive the merge). They are published by a thread of their own: the agent's reaper may block on a call during a split, and
 * a missed beat would look like silence.
 */
final class Beats implements AutoCloseable {
    static final String TOPIC = "multiproc-agent-beats";
    static final long PERIOD_MILLIS = 1_000;
    /** Silence longer than this is not a crash: a crashed agent is removed within a second or two of its last beat. */
    static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String self;
    private final ITopic<String> topic;
    /** When each agent's latest beat came (nanoTime), by address. */
    private final Map<String, Long> heard = new ConcurrentHashMap<>();
    /** When agents that left the cluster were removed (nanoTime), by address; cleared by their next beat. */
    private final Map<String, Long> removed = new ConcurrentHashMap<>();
    private final Thread beating;

    Beats(HazelcastInstance hz, String self) {
        this.self = self;
        this.topic = hz.getTopic(TOPIC);
        listen();
        hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
                listen(); // a member merged into the other side was reset: its listeners with it
            }
        });
        this.beating = Thread.ofPlatform().daemon().name("multiproc-agent-beats").start(this::beat);
    }

    private void listen() {
        topic.addMessageListener(m -> heardFrom(m.getMessageObject()));
    }

    /** A sign of life from the agent at {@code address}: a beat, or its joining the cluster again. */
    void heardFrom(String address) {
        heard.put(address, System.nanoTime());
        removed.remove(address);
    }

    private void beat() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    topic.publish(self);
                } catch (RuntimeException e) {
                    // the member is shutting down, or the topic's call failed: the next beat tries again
                }
                Thread.sleep(PERIOD_MILLIS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** The agent at {@code address} left the cluster now. */
    void left(String address) {
        removed.put(address, System.nanoTime());
    }

    /**
     * Whether the agent at {@code address} may live on the other side of a split: it fell silent for longer than
     * a crash takes to be noticed, whether it is still listed or was removed after that silence. An agent never
     * heard (this one, or none named) is not.
     *
     * @param address the agent's {@code host:port}, or {@code null}
     * @return {@code true} if its workers' holds must wait for the fence
     */
    boolean maybeCutOff(String address) {
        Long last = address == null || address.equals(self) ? null : heard.get(address);
        if (last == null) {
            return false;
        }
        Long leftAt = removed.get(address);
        long silence = (leftAt != null ? leftAt : System.nanoTime()) - last;
        return silence > SILENCE_NANOS;
    }

    /**
     * Whether this agent hears a strict majority of the agents it knows: the members it sees (itself included)
     * less those silent beyond a crash, against those silent members plus the agents removed after a silence.
     * Crashed agents (removed right after their last beat) are not known any more; so the survivor of a crash
     * in a 2-agent cluster has a majority, and neither half of a 2-agent split has.
     *
     * @param members the members this agent sees now, by address, itself included
     * @return {@code false} once this agent may be on the smaller side of a split, or on one of two equal sides
     */
    boolean hasMajority(java.util.Collection<String> members) {
        long silentListed = members.stream().filter(this::maybeCutOff).count();
        long silentRemoved = removed.keySet().stream().filter(a -> !members.contains(a)).filter(this::maybeCutOff).count();
        long present = members.size() - silentListed;
        return present > silentListed + silentRemoved;
    }

    /** The seconds since the agent's latest beat, for the log. */
    long silentSeconds(String address) {
        Long last = heard.get(address);
        return last == null ? -1 : TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - last);
    }

    @Override
    public void close() {
        beating.interrupt();
    }
}
