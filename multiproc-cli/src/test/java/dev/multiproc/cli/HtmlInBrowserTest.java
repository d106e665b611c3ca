package dev.multiproc.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page of {@link HtmlRenderer} as a real browser shows it: headless Chromium opens the file and takes a
 * screenshot, in which the test looks for what a person would see. Each chart draws every engine's colour; bars
 * are as long on screen as the SVG says; and a page without chart rows shows none of those colours, which proves
 * the colours counted come from the charts and from nothing else on the page. Screenshots stay in the test's
 * temporary directory. Without Chromium the tests are skipped, or fail on CI ({@link Chromium#requireInstalled()}).
 */
@Timeout(60)
class HtmlInBrowserTest {
    /** Fewer than a chart draws of each colour: a 3-pixel line 100 pixels long, a bar 12 pixels wide. */
    private static final int MIN_PIXELS = 300;
    /**
     * Fewer than the I/O-bound chart draws of each colour: the processes' curves run from 1 to 4 workers only, about
     * 70 pixels of a 4-pixel line on an axis that goes to 1024, partly covered by the next engine's thinner line;
     * with their dots and legend key, about 280 pixels.
     */
    private static final int MIN_SHORT_CURVE_PIXELS = 200;
    /**
     * Pixels of the ideal line's colour: the dashed diagonal shows about 230 (anti-aliasing leaves few pixels of
     * exactly its colour), its legend swatch alone about 40.
     */
    private static final int MIN_IDEAL_PIXELS = 150;
    /** How far a screen pixel may be from a chart colour and still count as it (anti-aliasing stays further). */
    private static final int TOLERANCE = 12;

    private static final java.util.Map<String, BufferedImage> SHOTS = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    Path work;

    @BeforeEach
    void browser() {
        Chromium.requireInstalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"start_time", "memory_per_worker", "cpu_speedup", "io_bound", "data_exchange",
        "unknown_row"})
    void screenshot_chartOfOneRow_drawsEveryEngineColour(String rowId) throws Exception {
        BufferedImage shot = screenshot(SampleReports.only(rowId));
        int min = rowId.equals("io_bound") ? MIN_SHORT_CURVE_PIXELS : MIN_PIXELS;
        for (Engine e : Engine.values()) {
            int drawn = count(shot, HtmlCharts.colour(e));
            assertTrue(drawn >= min, rowId + ": " + e + " drew " + drawn + " pixels of " + HtmlCharts.colour(e));
        }
    }

    @Test
    void screenshot_speedupChart_drawsTheIdealLine() throws Exception {
        BufferedImage shot = screenshot(SampleReports.only("cpu_speedup"));
        int ideal = count(shot, HtmlCharts.IDEAL_COLOUR);
        assertTrue(ideal >= MIN_IDEAL_PIXELS, "ideal line: " + ideal + " pixels of " + HtmlCharts.IDEAL_COLOUR);
    }

    @Test
    void screenshot_startTimeChart_barsAsLongOnScreenAsInTheSvg() throws Exception {
        Report report = SampleReports.only("start_time");
        String page = new HtmlRenderer().render(report);
        BufferedImage shot = screenshot(page);
        for (var bar : HtmlCheck.all(HtmlCheck.parse(page), "//rect[@class='bar']")) {
            Engine e = Stream.of(Engine.values()).filter(x -> x.id().equals(bar.getAttribute("data-engine")))
                    .findFirst().orElseThrow();
            double width = HtmlCheck.number(bar, "width");
            int onScreen = longestRun(shot, HtmlCharts.colour(e));
            assertEquals(width, onScreen, 2.0, e + ": SVG width " + width + ", longest run on screen " + onScreen);
        }
    }

    @Test
    void screenshot_pageWithoutChartRows_textButNoChartColour() throws Exception {
        BufferedImage shot = screenshot(SampleReports.only("interruptibility", "exit_in_task", "how_many"));
        for (Engine e : Engine.values()) {
            assertEquals(0, count(shot, HtmlCharts.colour(e)), e.toString());
        }
        assertEquals(0, count(shot, HtmlCharts.IDEAL_COLOUR));
        int dark = count(shot, 0x222222); // the table's text colour: the page did render
        assertTrue(dark >= 1000, "text pixels: " + dark);
    }

    @Test
    void dumpDom_fullReport_browserBuiltEveryChartAsSvg() throws Exception {
        Path page = write(new HtmlRenderer().render(SampleReports.full()));
        String dom = Chromium.dumpDom(page, work);
        assertEquals(List.of("chart-start_time", "chart-memory_per_worker", "chart-cpu_speedup", "chart-io_bound",
                "chart-data_exchange_queue", "chart-data_exchange_pipe", "chart-unknown_row"),
                Pattern.compile("<svg id=\"(chart-[a-z_]+)\"").matcher(dom).results().map(m -> m.group(1)).toList());
        assertEquals(5 * Engine.values().length, occurrences(dom, "<rect class=\"bar\""));
        assertEquals(2 * Engine.values().length, occurrences(dom, "<polyline class=\"series\""));
        assertTrue(dom.contains("data &lt;exchange&gt;"), "markup in a title stays text");
    }

    private BufferedImage screenshot(Report report) throws IOException, InterruptedException {
        return screenshot(new HtmlRenderer().render(report));
    }

    /** Each page is shot once for the class: two tests look at the same one-row pages, a browser run takes seconds. */
    private BufferedImage screenshot(String page) throws IOException, InterruptedException {
        BufferedImage shot = SHOTS.get(page);
        if (shot == null) {
            shot = Chromium.screenshot(write(page), work);
            SHOTS.put(page, shot);
        }
        assertEquals(Chromium.WIDTH, shot.getWidth(), "screenshot width");
        return shot;
    }

    private Path write(String page) throws IOException {
        Path file = work.resolve("report.html");
        CompareCommand.writePage(file, page);
        return file;
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static int count(BufferedImage image, String hex) {
        return count(image, Integer.parseInt(hex.substring(1), 16));
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int argb : pixels(image)) {
            n += near(argb, rgb) ? 1 : 0;
        }
        return n;
    }

    /** The longest horizontal run of pixels of the colour: a bar's length on screen. */
    private static int longestRun(BufferedImage image, String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        int[] pixels = pixels(image);
        int width = image.getWidth();
        int longest = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            int run = 0;
            for (int x = 0; x < width; x++) {
                run = near(pixels[y * width + x], rgb) ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        return longest;
    }

    /** The image's pixels row by row, read at once (one {@code getRGB} per pixel is many times slower). */
    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static boolean near(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((argb >> shift & 0xff) - (rgb >> shift & 0xff)) > TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}
