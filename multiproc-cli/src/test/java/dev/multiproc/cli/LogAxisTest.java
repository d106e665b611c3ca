package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;

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
    void ticks_microsecondFigures_sameRoundLabelsAsMilliseconds() {
        LogAxis us = new LogAxis(LogAxis.Ladder.TIME_US, 4.62, 49.3, 0, 100);
        assertEquals(List.of("1 us", "10 us", "100 us"), us.ticks().stream().map(LogAxis.Tick::label).toList());
        assertEquals(1000, new LogAxis(LogAxis.Ladder.TIME_US, 600, 900, 0, 1).ticks().getLast().value(),
                "1 ms is 1000 figure units");
        assertEquals("49.3 us", LogAxis.Ladder.TIME_US.format(49.3));
        assertEquals("1.50 ms", LogAxis.Ladder.TIME_US.format(1500));
    }

    @Test
    void ticks_rates_perSecondWithMetricPrefixes() {
        LogAxis axis = new LogAxis(LogAxis.Ladder.RATE_PER_S, 403, 8_414_728, 0, 100);
        assertEquals(List.of("100/s", "1k/s", "10k/s", "100k/s", "1M/s", "10M/s"),
                axis.ticks().stream().map(LogAxis.Tick::label).toList());
        assertEquals("403/s", LogAxis.Ladder.RATE_PER_S.format(403));
        assertEquals("48.4k/s", LogAxis.Ladder.RATE_PER_S.format(48_435));
        assertEquals("1.00M/s", LogAxis.Ladder.RATE_PER_S.format(999_999));
        assertEquals("8.41M/s", LogAxis.Ladder.RATE_PER_S.format(8_414_728));
    }

    @Test
    void forKey_unitSuffix_picksTheLadder() {
        assertEquals(Optional.of(LogAxis.Ladder.TIME_MS), LogAxis.Ladder.forKey("median_ms"));
        assertEquals(Optional.of(LogAxis.Ladder.TIME_US), LogAxis.Ladder.forKey("pipe_rt_median_us"));
        assertEquals(Optional.of(LogAxis.Ladder.SIZE_KIB), LogAxis.Ladder.forKey("per_worker_kib"));
        assertEquals(Optional.of(LogAxis.Ladder.RATE_PER_S), LogAxis.Ladder.forKey("queue_msgs_per_s"));
        assertEquals(Optional.empty(), LogAxis.Ladder.forKey("samples"));
    }

    @Test
    void position_verticalAxis_runsFromTheBottomPixelUp() {
        LogAxis axis = new LogAxis(LogAxis.Ladder.RATE_PER_S, 400, 50_000, 260, 20); // 100/s .. 100k/s
        assertEquals(260, axis.position(100), 1e-9);
        assertEquals(180, axis.position(1_000), 1e-9);
        assertEquals(20, axis.position(100_000), 1e-9);
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
