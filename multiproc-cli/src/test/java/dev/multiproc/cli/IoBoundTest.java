package dev.multiproc.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IoBoundTest {

    @Test
    void requestsEach_fewWorkers_askedNumber_manyWorkers_shareOfTheCap() {
        assertEquals(1000, IoBound.requestsEach(16, 1000, IoBound.MAX_REQUESTS));
        assertEquals(IoBound.MAX_REQUESTS / 4096, IoBound.requestsEach(4096, 1000, IoBound.MAX_REQUESTS));
        assertEquals(1, IoBound.requestsEach(IoBound.MAX_REQUESTS * 2, 1000, IoBound.MAX_REQUESTS)); // never none
    }
}
