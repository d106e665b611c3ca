package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

import static dev.multiproc.cli.HtmlCheck.all;
import static dev.multiproc.cli.HtmlCheck.number;
import static dev.multiproc.cli.HtmlCheck.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class HtmlRendererTest {
    private static final String START_BARS = "//svg[@id='chart-start_time']//rect[@class='bar']";
    private static final String MEMORY_BARS = "//svg[@id='chart-memory_per_worker']//rect[@class='bar']";

    private final Report full = SampleReports.full();
    private final String page = new HtmlRenderer().render(full);
    private final Document dom = HtmlCheck.parse(page);

    @Test
    void render_fullReport_headerShowsMachineModeAndElapsed() {
        String machine = one(dom, "//p[@class='machine']").getTextContent();
        assertTrue(machine.contains("4 cores"), machine);
        assertTrue(machine.contains(full.machine().jdk()) && machine.contains(full.machine().os()), machine);
        String run = one(dom, "//p[@class='run']").getTextContent();
        assertTrue(run.startsWith("quick run, 1.23 s"), run);
        assertEquals("multiproc compare (quick run)", one(dom, "//title").getTextContent());
    }

    @Test
    void render_fullReport_everyRowInTheTableWithCellsMeaningAndMethod() {
        assertEquals(List.of("", "platform threads", "virtual threads", "processes (cold)", "processes (warm)"),
                all(dom, "//thead//th").stream().map(Element::getTextContent).toList());
        for (Row row : full.rows()) {
            assertEquals(row.title(), one(dom, "//tr[@id='row-" + row.id() + "']/th").getTextContent());
            List<Element> tds = all(dom, "//tr[@id='row-" + row.id() + "']/td");
            assertEquals(Engine.values().length, tds.size(), row.id());
            for (Cell c : row.cells()) {
                assertEquals(String.join("|", c.lines()), String.join("|", all(dom, "//tr[@id='row-" + row.id()
                        + "']/td[" + (c.engine().ordinal() + 1) + "]/div").stream().map(Element::getTextContent)
                        .toList()), row.id() + " " + c.engine());
            }
            Element notes = one(dom, "//tr[@id='row-" + row.id() + "']/following-sibling::tr[1]");
            assertEquals("notes", notes.getAttribute("class"));
            assertTrue(notes.getTextContent().contains(row.meaning()), row.id());
        }
        assertEquals("how: method of start_time", one(dom, "//tr[@id='row-start_time']/following-sibling::tr[1]"
                + "//p[@class='method']").getTextContent());
    }

    @Test
    void render_fullReport_selfContained() {
        for (String outside : List.of("http", "url(", "@import", "<script", "<link", "src=", "href=")) {
            assertFalse(page.contains(outside), "the page must need nothing from outside: found " + outside);
        }
        assertEquals(1, all(dom, "//style").size());
        assertTrue(page.startsWith("<!DOCTYPE html>\n"), page.substring(0, 40));
    }

    @Test
    void render_startTimeChart_oneBarPerEngineOnALogScaleWithValueLabelsAndSpread() {
        List<Element> bars = all(dom, START_BARS);
        assertEquals(List.of("platform_threads", "virtual_threads", "processes_cold", "processes_warm"),
                bars.stream().map(b -> b.getAttribute("data-engine")).toList());
        double[] w = bars.stream().mapToDouble(b -> number(b, "width")).toArray();
        double[] m = SampleReports.START_MEDIANS_MS;
        // on a log axis, width differences follow the ratios of the figures: log(m0/m1) against log(m2/m3)
        assertEquals(Math.log(m[0] / m[1]) / Math.log(m[2] / m[3]), (w[0] - w[1]) / (w[2] - w[3]), 0.01);
        List<String> labels = all(dom, "//svg[@id='chart-start_time']/text").stream().map(Element::getTextContent)
                .toList();
        for (double median : m) {
            assertTrue(labels.contains(Units.nanos(median * 1e6)), median + " in " + labels);
        }
        assertTrue(labels.containsAll(List.of("1 us", "1 ms", "100 ms")), "log ticks: " + labels);
        assertEquals(4, all(dom, "//svg[@id='chart-start_time']/path[@class='spread']").size());
    }

    @Test
    void render_memoryChart_oneBarPerEngineLongerForMore() {
        List<Element> bars = all(dom, MEMORY_BARS);
        assertEquals(Engine.values().length, bars.size());
        double[] kib = SampleReports.MEMORY_KIB;
        for (int i = 0; i < kib.length; i++) {
            for (int j = 0; j < kib.length; j++) {
                assertEquals(Double.compare(kib[i], kib[j]), Double.compare(number(bars.get(i), "width"),
                        number(bars.get(j), "width")), i + " against " + j);
            }
        }
        List<String> labels = all(dom, "//svg[@id='chart-memory_per_worker']/text").stream()
                .map(Element::getTextContent).toList();
        assertTrue(labels.containsAll(List.of("62.5 KiB", "1.2 KiB", "40.0 MiB", "1 KiB", "1 MiB")), "" + labels);
    }

    @Test
    void render_speedupChart_onePolylinePerEngineWithAPointPerWorkerCountAndTheIdeal() {
        String svg = "//svg[@id='chart-cpu_speedup']";
        List<Element> series = all(dom, svg + "/polyline[@class='series']");
        assertEquals(Engine.values().length, series.size());
        assertEquals(4 * 3, all(dom, svg + "/circle[@class='point']").size());
        String[] ideal = one(dom, svg + "/polyline[@class='ideal']").getAttribute("points").split(" ");
        for (Element s : series) {
            String[] points = s.getAttribute("points").split(" ");
            assertEquals(3, points.length, s.getAttribute("data-engine"));
            assertEquals(ideal[0], points[0], "speed-up 1 at 1 worker lies on the ideal line");
        }
        double[] x = new double[3];
        double[] y = new double[3];
        String[] platform = series.getFirst().getAttribute("points").split(" ");
        for (int i = 0; i < 3; i++) {
            x[i] = Double.parseDouble(platform[i].split(",")[0]);
            y[i] = Double.parseDouble(platform[i].split(",")[1]);
        }
        assertEquals(2 * (x[1] - x[0]), x[2] - x[1], 0.2, "1, 2, 4 workers on a linear axis");
        double[] s = SampleReports.SPEEDUPS[0];
        assertEquals((s[1] - s[0]) / (s[2] - s[0]), (y[0] - y[1]) / (y[0] - y[2]), 0.01, "speed-up upwards");
        String legend = all(dom, svg + "/text").stream().map(Element::getTextContent).toList().toString();
        for (Engine e : Engine.values()) {
            assertTrue(legend.contains(e.label()), legend);
        }
    }

    @Test
    void render_unknownRowWithATimeFigure_getsAGenericBarChartOfIt() {
        assertEquals(Engine.values().length,
                all(dom, "//svg[@id='chart-unknown_row']//rect[@class='bar']").size());
        String caption = one(dom, "//svg[@id='chart-unknown_row']/preceding-sibling::figcaption")
                .getTextContent();
        assertTrue(caption.contains("round_trip_ms"), caption);
    }

    @Test
    void render_ioBoundChart_aLogLogCurvePerEngineThroughItsOwnWorkerCounts() {
        String svg = "//svg[@id='chart-io_bound']";
        List<Element> series = all(dom, svg + "/polyline[@class='series']");
        assertEquals(Engine.values().length, series.size());
        for (Engine e : Engine.values()) {
            Element s = series.get(e.ordinal());
            assertEquals(e.id(), s.getAttribute("data-engine"), "in engine order");
            double[][] p = points(s);
            double[] rps = SampleReports.IO_RPS[e.ordinal()];
            assertEquals(rps.length, p.length, e.toString());
            for (int i = 1; i < p.length; i++) {
                assertTrue(p[i][0] > p[i - 1][0], "more workers further right: " + e);
                // log y: the height between two points follows the ratio of their rates, whichever the engine
                assertEquals(Math.log(rps[i] / rps[i - 1]) / Math.log(rps[1] / rps[0]),
                        (p[i][1] - p[i - 1][1]) / (p[1][1] - p[0][1]), 0.01, e + " point " + i);
            }
        }
        double[][] platform = points(series.getFirst()); // 1, 16, 256 workers: equal steps on a log axis
        assertEquals(platform[1][0] - platform[0][0], platform[2][0] - platform[1][0], 0.2);
        assertEquals(3 + 4 + 2 + 2, all(dom, svg + "/circle[@class='point']").size(), "a point per measured count");
        List<String> labels = all(dom, svg + "/text").stream().map(Element::getTextContent).toList();
        assertTrue(labels.containsAll(List.of("100/s", "1k/s", "10k/s", "100k/s", "1", "4", "16", "256", "1024")),
                "" + labels);
        assertTrue(labels.containsAll(List.of("platform threads", "processes (warm)")), "legend: " + labels);
    }

    @Test
    void render_dataExchangeCharts_queueRatesAndPipeRoundTripsAsLogBars() {
        List<Element> queue = all(dom, "//svg[@id='chart-data_exchange_queue']//rect[@class='bar']");
        List<Element> pipe = all(dom, "//svg[@id='chart-data_exchange_pipe']//rect[@class='bar']");
        assertEquals(Engine.values().length, queue.size());
        assertEquals(Engine.values().length, pipe.size());
        double[] rates = SampleReports.QUEUE_RATES;
        double[] rt = SampleReports.PIPE_RT_US;
        double[] qw = queue.stream().mapToDouble(b -> number(b, "width")).toArray();
        double[] pw = pipe.stream().mapToDouble(b -> number(b, "width")).toArray();
        assertEquals(Math.log(rates[1] / rates[0]) / Math.log(rates[0] / rates[2]), (qw[1] - qw[0]) / (qw[0] - qw[2]),
                0.01, "log scale");
        assertEquals(Math.log(rt[0] / rt[1]) / Math.log(rt[0] / rt[2]), (pw[0] - pw[1]) / (pw[0] - pw[2]), 0.01);
        List<String> queueText = all(dom, "//svg[@id='chart-data_exchange_queue']/text").stream()
                .map(Element::getTextContent).toList();
        assertTrue(queueText.containsAll(List.of("100k/s", "1M/s", "10M/s", "1.42M/s", "269k/s")), "" + queueText);
        List<String> pipeText = all(dom, "//svg[@id='chart-data_exchange_pipe']/text").stream()
                .map(Element::getTextContent).toList();
        assertTrue(pipeText.containsAll(List.of("1 us", "10 us", "100 us", "49.3 us", "4.62 us")), "" + pipeText);
        assertEquals(4, all(dom, "//svg[@id='chart-data_exchange_pipe']/path[@class='spread']").size());
        assertEquals(0, all(dom, "//svg[@id='chart-data_exchange_queue']/path[@class='spread']").size());
    }

    @Test
    void render_rowsWithoutCharts_tableOnlyNoFailure() {
        Document d = HtmlCheck.parse(new HtmlRenderer().render(SampleReports.only("interruptibility",
                "exit_in_task", "how_many")));
        assertEquals(0, all(d, "//svg").size());
        assertEquals(0, all(d, "//h2").size(), "no empty chart section");
        assertEquals(3, all(d, "//tbody/tr[@id]").size());
    }

    @Test
    void render_chartRowsLackingTheirFigures_chartLeftOutOthersDrawn() {
        // sample(): start_time has a median but no p10/p90; cpu_speedup has none of its w<N>_speedup figures
        Document d = HtmlCheck.parse(new HtmlRenderer().render(SampleReports.sample()));
        assertEquals(4, all(d, START_BARS).size());
        assertEquals(0, all(d, "//path[@class='spread']").size());
        assertEquals(0, all(d, "//svg[@id='chart-cpu_speedup']").size());
        assertEquals(2, all(d, "//tbody/tr[@id]").size());
        Row unitless = new Row("unknown_row", "?", SampleReports.cells(e -> new Cell(e, List.of("1"),
                SampleReports.figures("count", 1.0))), "m", "h");
        assertEquals(List.of(), HtmlCharts.charts(unitless), "a figure without a known unit gets no chart");
        Row noRates = new Row("io_bound", "I/O", SampleReports.cells(e -> new Cell(e, List.of("1"),
                SampleReports.figures("rps_1", e.isProcess() ? 0.0 : Double.NaN))), "m", "h");
        assertEquals(List.of(), HtmlCharts.charts(noRates), "no rate a log axis can place: no chart");
        Row queueOnly = new Row("data_exchange", "data", SampleReports.cells(e -> new Cell(e, List.of("1"),
                SampleReports.figures("queue_msgs_per_s", 1e6))), "m", "h");
        assertEquals(1, HtmlCharts.charts(queueOnly).size(), "the pipe chart is left out, the queue chart drawn");
    }

    @Test
    void render_figureNotPositiveOrMissing_labelledWithoutBarOrPoint() {
        Row memory = new Row("memory_per_worker", "memory", SampleReports.cells(e -> new Cell(e, List.of("x"),
                SampleReports.figures("per_worker_kib", switch (e) {
                    case PLATFORM_THREADS -> 0.0;
                    case VIRTUAL_THREADS -> Double.NaN;
                    default -> 40_000.0;
                }))), "m", "h");
        Row speedup = new Row("cpu_speedup", "speed-up", SampleReports.cells(e -> new Cell(e, List.of("x"),
                SampleReports.figures("w1_speedup", 1.0, "w2_speedup", e.isProcess() ? Double.NaN : 1.9))), "m", "h");
        Report report = new Report(full.machine(), "quick", List.of(memory, speedup), full.elapsed(), Double.NaN);
        Document d = HtmlCheck.parse(new HtmlRenderer().render(report));
        assertEquals(2, all(d, MEMORY_BARS).size());
        List<String> labels = all(d, "//svg[@id='chart-memory_per_worker']/text").stream()
                .map(Element::getTextContent).toList();
        assertTrue(labels.containsAll(List.of("0.0 KiB", "n/a", "39.1 MiB")), "" + labels);
        assertEquals(1, one(d, "//polyline[@data-engine='processes_cold']").getAttribute("points").split(" ").length);
        assertEquals(2 + 2 + 1 + 1, all(d, "//circle[@class='point']").size());
        assertTrue(one(d, "//p[@class='load']").getTextContent().contains("unknown"));
    }

    @Test
    void render_wideRange_tickLabelsSpacedOut() {
        Row memory = new Row("memory_per_worker", "memory", SampleReports.cells(e -> new Cell(e, List.of("x"),
                SampleReports.figures("per_worker_kib", Math.pow(1024, e.ordinal()) / 100))), "m", "h"); // 10 B..10 GiB
        Document d = HtmlCheck.parse(new HtmlRenderer().render(new Report(full.machine(), "quick", List.of(memory),
                full.elapsed(), 0)));
        List<Element> labels = all(d, "//text[@class='tick']");
        assertTrue(labels.size() < all(d, "//line[@class='grid']").size(), "some ticks go unlabelled");
        for (int i = 1; i < labels.size(); i++) {
            assertTrue(number(labels.get(i), "x") - number(labels.get(i - 1), "x") >= 48, "labels overlap");
        }
    }

    @Test
    void escape_specialCharacters_becomeReferences() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s\ttab\uFFFD\uFFFD",
                HtmlRenderer.escape("<a href=\"x\">Tom & Jerry's\ttab\u0001\u007f"));
    }

    @Test
    void render_textWithMarkup_shownAsTextNeverAsMarkup() {
        assertFalse(page.contains("<script>") || page.contains("<b>") || page.contains("<exchange>"));
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        Row data = full.rows().getLast();
        assertEquals(data.title(), one(dom, "//tr[@id='row-unknown_row']/th").getTextContent());
        assertEquals(List.of("<b>platform_threads</b>"), all(dom, "//tr[@id='row-unknown_row']/td[1]/div")
                .stream().map(Element::getTextContent).toList());
        assertTrue(page.contains("control character \uFFFD and"), "a control character is replaced");
    }

    /** The {x, y} pairs of a polyline's points. */
    private static double[][] points(Element polyline) {
        return java.util.Arrays.stream(polyline.getAttribute("points").split(" "))
                .map(p -> java.util.Arrays.stream(p.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    @Test
    void htmlCheck_brokenPage_throws() {
        assertThrows(IllegalArgumentException.class, () -> HtmlCheck.parse("<p>a & b</p>"));
        assertThrows(IllegalArgumentException.class, () -> HtmlCheck.parse("<p><b>x</p></b>"));
    }
}
