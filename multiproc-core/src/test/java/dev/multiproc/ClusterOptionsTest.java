package dev.multiproc;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ClusterOptions' checks, and Context.cluster without the cluster module (the core's own class path). */
class ClusterOptionsTest {

    @Test
    void localAndJoin_validArguments_buildTheOptions() {
        ClusterOptions local = ClusterOptions.local(3).withClusterName("lab");
        assertEquals(3, local.localAgents());
        assertEquals("lab", local.clusterName());
        assertEquals(List.of("127.0.0.1:5701", "localhost:5702"),
                ClusterOptions.join("127.0.0.1:5701", "localhost:5702").members());
        ClusterOptions secret = ClusterOptions.join("192.0.2.7:5701").withNetworkAccess()
                .withSecretFile(Path.of("/etc/multiproc/secret")).withClusterName("lab");
        assertEquals(Path.of("/etc/multiproc/secret"), secret.secretFile());
        assertTrue(secret.networkAccess());
        assertEquals(null, ClusterOptions.local(2).secretFile());
        assertThrows(NullPointerException.class, () -> ClusterOptions.local(2).withSecretFile(null));
    }

    @Test
    void cluster_nonLoopbackMemberWithoutNetworkAccess_refusedBeforeAnythingIsContacted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Context.cluster(ClusterOptions.join("127.0.0.1:5701", "192.0.2.7:5701")));
        assertTrue(e.getMessage().contains("192.0.2.7:5701") && e.getMessage().contains("no TLS"),
                e.getMessage());
    }

    @Test
    void join_nonLoopbackAddressWithNetworkAccess_canBeWritten() {
        ClusterOptions options = ClusterOptions.join("192.0.2.7:5701").withNetworkAccess();
        assertEquals(List.of("192.0.2.7:5701"), options.members());
        assertTrue(options.networkAccess());
        // accepted by the check; here the cluster module is missing, which is the next thing said
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Context.cluster(options));
        assertTrue(e.getMessage().contains("multiproc-cluster"), e.getMessage());
    }

    @Test
    void options_badArguments_refused() {
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.local(0));
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.join());
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.join("no-port"));
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.local(1).withClusterName(" "));
    }

    @Test
    void cluster_moduleMissing_saysWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Context.cluster(ClusterOptions.local(1)));
        assertTrue(e.getMessage().contains("multiproc-cluster"), e.getMessage());
    }
}
