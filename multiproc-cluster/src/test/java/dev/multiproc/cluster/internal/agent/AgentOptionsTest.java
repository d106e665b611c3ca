package dev.multiproc.cluster.internal.agent;

import dev.multiproc.cluster.internal.store.HazelcastStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {
    @Test
    void backups_reachTheStatesMap_oneByDefault() {
        var given = AgentMain.config(AgentMain.Options.parse(new String[] {"--backups", "2"}));
        assertEquals(2, given.getMapConfig(HazelcastStore.STATES).getBackupCount());
        var byDefault = AgentMain.config(AgentMain.Options.parse(new String[0]));
        assertEquals(1, byDefault.getMapConfig(HazelcastStore.STATES).getBackupCount());
    }

    @Test
    void backups_outsideOneToSix_refusedSayingWhy() {
        for (String bad : new String[] {"0", "7"}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> AgentMain.Options.parse(new String[] {"--backups", bad}));
            assertTrue(e.getMessage().contains("1 to 6"), e.getMessage());
        }
    }
}
