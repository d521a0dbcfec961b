package io.fw443.lab.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The timeline's structure, read back with the JDK's XML parser: lines, markers, shaded outage, labels. */
class TimelineSvgTest {
    private static final long START = 1_790_000_000_000L;

    /** 4 s of buckets with an outage of 10 buckets (500 ms) starting at 2 s, and a latency peak after it. */
    private static List<SeriesRow> series() {
        List<SeriesRow> rows = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            boolean out = i >= 40 && i < 50;
            double max = i == 50 ? 520 : 2 + i % 3;
            rows.add(new SeriesRow(i * 50L, START + i * 50L, out ? 0 : 500, out ? 0 : 200, out ? 0 : 1.2,
                    out ? 0 : max));
        }
        return rows;
    }

    @Test
    void drawsBothLinesOnePointPerBucketWithEchoesAndEveryMarker() throws Exception {
        List<Marker> markers = List.of(new Marker(START + 2000, "kill"), new Marker(START + 2180, "VIP moved"),
                new Marker(START + 3500, "resync <done> & \"ok\""));
        String svg = TimelineSvg.render(series(), markers, "failover: kill -9 of fw-a", true);
        Document doc = parse(svg);
        XPath x = XPathFactory.newInstance().newXPath();

        assertEquals("failover: kill -9 of fw-a", x.evaluate("//*[@id='title']", doc));
        for (String id : List.of("max-latency", "median-latency")) {
            String points = x.evaluate("//*[local-name()='polyline'][@id='" + id + "']/@points", doc);
            assertEquals(70, points.trim().split("\\s+").length, id + " has one point per bucket with echoes");
        }
        NodeList marks = (NodeList) x.evaluate("//*[@class='marker']", doc, XPathConstants.NODESET);
        assertEquals(3, marks.getLength());
        assertEquals("VIP moved", x.evaluate("(//*[@class='marker'])[2]/*[local-name()='text']", doc));
        assertEquals("resync <done> & \"ok\"", x.evaluate("(//*[@class='marker'])[3]/*[local-name()='text']", doc));
        assertEquals(10, ((NodeList) x.evaluate("//*[@class='no-echo']", doc, XPathConstants.NODESET)).getLength());
        assertTrue(x.evaluate("//*[@id='legend']", doc).contains("median"));
        assertTrue(x.evaluate("//*[@id='y-label']", doc).contains("log scale"));
        assertTrue(x.evaluate("//*[@id='x-label']", doc).contains("(s)"));
    }

    @Test
    void markersSitInTimeOrderAndTheLinearAxisCoversThePeak() throws Exception {
        List<Marker> markers = List.of(new Marker(START + 1000, "a"), new Marker(START + 3000, "b"));
        Document doc = parse(TimelineSvg.render(series(), markers, "linear", false));
        XPath x = XPathFactory.newInstance().newXPath();
        double a = Double.parseDouble(x.evaluate("(//*[@class='marker'])[1]/*[local-name()='line']/@x1", doc));
        double b = Double.parseDouble(x.evaluate("(//*[@class='marker'])[2]/*[local-name()='line']/@x1", doc));
        assertTrue(a < b, a + " < " + b);
        // The y ticks reach the 520 ms peak (nice ceiling 1000), so no point is clipped at the top.
        NodeList ticks = (NodeList) x.evaluate("//*[@id='y-ticks']/*[local-name()='text']", doc,
                XPathConstants.NODESET);
        assertEquals("1000", ticks.item(ticks.getLength() - 1).getTextContent());
        assertEquals(1000, TimelineSvg.niceCeiling(520));
        assertEquals(0.5, TimelineSvg.niceCeiling(0.41), 1e-12);
    }

    @Test
    void anEmptySeriesStillMakesAValidPicture() throws Exception {
        Document doc = parse(TimelineSvg.render(List.of(), List.of(new Marker(START, "kill")), "empty", true));
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals("", x.evaluate("//*[local-name()='polyline'][@id='max-latency']/@points", doc));
        assertEquals("kill", x.evaluate("//*[@class='marker']", doc));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
