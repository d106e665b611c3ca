package dev.multiproc.cluster.internal.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an agent's gate lets through: each sealed call once, for its own agent, recent, made with the secret. */
class CallGateTest {
    private static final UUID AGENT = UUID.randomUUID();
    private static final Calls.AgentCall<?> CALL = new Calls.CancelPoolTask("pool", 7);

    @TempDir
    Path dir;

    @Test
    void aSealedCallOpensOnceAndTurnsMayComeOutOfOrder() {
        Secret secret = Secret.create(dir.resolve("secret"));
        CallGate gate = new CallGate(secret, () -> AGENT);
        SealedCall.Sealer sealer = new SealedCall.Sealer(secret);
        SealedCall first = sealer.seal(CALL, AGENT), second = sealer.seal(CALL, AGENT), third = sealer.seal(CALL, AGENT);
        assertEquals(CALL, gate.open(third));
        assertEquals(CALL, gate.open(first));
        assertRefused(gate, first, "a replay");
        assertEquals(CALL, gate.open(second));
        assertRefused(gate, third, "a replay");
    }

    @Test
    void aCallForAnotherAgentAnotherSecretOrAlteredIsRefused() {
        Secret secret = Secret.create(dir.resolve("secret"));
        CallGate gate = new CallGate(secret, () -> AGENT);
        SealedCall forOther = new SealedCall.Sealer(secret).seal(CALL, UUID.randomUUID());
        assertRefused(gate, forOther, "its MAC is wrong");
        SealedCall otherSecret = new SealedCall.Sealer(Secret.create(dir.resolve("other"))).seal(CALL, AGENT);
        assertRefused(gate, otherSecret, "its MAC is wrong");
        SealedCall good = new SealedCall.Sealer(secret).seal(CALL, AGENT);
        byte[] body = good.body().clone();
        body[body.length - 1] ^= 1;
        assertRefused(gate, new SealedCall(good.sessionHigh(), good.sessionLow(), good.turn(), good.issuedMillis(),
                body, good.mac()), "its MAC is wrong");
        assertRefused(gate, new SealedCall.Sealer(null).seal(CALL, AGENT), "no proof of the cluster secret");
    }

    @Test
    void aCallOlderThanTheWindowIsRefused() {
        Secret secret = Secret.create(dir.resolve("secret"));
        long old = System.currentTimeMillis() - CallGate.MAX_AGE.toMillis() - 60_000;
        byte[] body = SealedCall.encode(CALL);
        SealedCall draft = new SealedCall(1, 2, 0, old, body, new byte[0]);
        SealedCall sealed = new SealedCall(1, 2, 0, old, body, secret.mac(draft.header(AGENT), body));
        assertRefused(new CallGate(secret, () -> AGENT), sealed, "ms ago");
    }

    @Test
    void anAgentWithoutASecretOpensEveryCall() {
        assertEquals(CALL, new CallGate(null, () -> AGENT).open(new SealedCall.Sealer(null).seal(CALL, AGENT)));
    }

    @Test
    void aSecretFileMustBePrivateAndLongEnough() throws IOException {
        Path open = Files.writeString(dir.resolve("open"), "0123456789abcdef0123");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Secret.read(open)).getMessage()
                .contains("chmod 600"));
        Path shortOne = Files.writeString(dir.resolve("short"), "too short\n");
        Files.setPosixFilePermissions(shortOne, PosixFilePermissions.fromString("rw-------"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Secret.read(shortOne)).getMessage()
                .contains("at least 16"));
    }

    @Test
    void anAgentOpenToTheNetworkNeedsASecret() throws IOException {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentMain.requireSafeBind("10.1.2.3", true, false))
                .getMessage().contains("--secret-file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentMain.requireSafeBind("10.1.2.3", false, true))
                .getMessage().contains("--allow-network"));
        AgentMain.requireSafeBind("10.1.2.3", true, true);
        AgentMain.requireSafeBind("127.0.0.1", false, false); // loopback: a secret keeps other users out, if given
    }

    private static void assertRefused(CallGate gate, SealedCall call, String why) {
        SecurityException e = assertThrows(SecurityException.class, () -> gate.open(call));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
