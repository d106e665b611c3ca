package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class LogAxisTest {

    @Test
    void ticks_timeRange_roundLabelsFromBelowHalfTheMinimumToAboveTheMaximum() {
        LogAxis axis = new LogAxis(LogAxis.Ladder.TIME_MS, 0.010, 114, 0, 600);
        assertEquals(List.of("1 us", "10 us", "100 us", "1 ms", "10 ms", "100 ms", "1 s"),
                axis.ticks().stream().map(LogAxis.Tick::label).toList());
    }

    @Test
    void position_decades_equallySpacedBetweenTheEnds() {
        LogAxis axis = new LogAxis(LogAxis.Ladder.TIME_MS, 0.010, 114, 100, 700); // 1 us .. 1 s: 6 decades
        assertEquals(100, axis.position(0.001), 1e-9);
        assertEquals(200, axis.position(0.010), 1e-9);
        assertEquals(400, axis.position(1), 1e-9);
        assertEquals(700, axis.position(1000), 1e-9);
    }

    @Test
    void ticks_sizeRange_unitsOf1024() {
        LogAxis axis = new LogAxis(LogAxis.Ladder.SIZE_KIB, 50, 2000, 0, 100);
        assertEquals(List.of("10 KiB", "100 KiB", "1 MiB", "10 MiB"),
                axis.ticks().stream().map(LogAxis.Tick::label).toList());
        assertEquals(1024, axis.ticks().get(2).value());
    }

    @Test
    void constructor_oneFigure_stillAPositiveRange() {
        LogAxis axis = new LogAxis(LogAxis.Ladder.SIZE_KIB, 100, 100, 0, 100);
        assertEquals(100, axis.position(100), 1e-9, "100 KiB: half of 10 KiB is below, 100 KiB is the top tick");
    }

    @Test
    void constructor_notPositive_throws() {
        assertThrows(IllegalArgumentException.class, () -> new LogAxis(LogAxis.Ladder.TIME_MS, 0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LogAxis(LogAxis.Ladder.TIME_MS, 2, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LogAxis(LogAxis.Ladder.TIME_MS, 1, Double.NaN, 0,
                1));
    }
}
