package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Provenance.SourceFormat;
import io.trialstream.ingest.parsing.page.ScrapedPageParserTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

public class TrialDocumentReaderTest {

    private final TrialDocumentReader reader = new TrialDocumentReader();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String v2Study() throws IOException {
        return CtgovV2ParserTest.fixture("ctgov-v2-study.json");
    }

    static String legacyXml() throws IOException {
        return new String(LegacyXmlParserTest.fixtureBytes("legacy-clinical-study.xml"), StandardCharsets.UTF_8);
    }

    @Test
    void theContentTypeNamesTheFormat() throws IOException {
        var json = reader.read(utf8(v2Study()), "application/json; charset=UTF-8");
        assertThat(json.sourceFormat()).isEqualTo(SourceFormat.CTGOV_V2_JSON);
        assertThat(json.parserVersion()).isEqualTo("ctgov-v2/1");

        for (String type : List.of("application/xml", "text/xml", "text/xml; charset=utf-8")) {
            var xml = reader.read(utf8(legacyXml()), type);
            assertThat(xml.sourceFormat()).as(type).isEqualTo(SourceFormat.CTGOV_LEGACY_XML);
            assertThat(xml.parserVersion()).isEqualTo("ctgov-legacy-xml/1");
            assertThat(xml.trials()).extracting(t -> t.trialKey()).containsExactly("NCT09990101");
        }

        var html = reader.read(utf8(ScrapedPageParserTest.fixture("patient-site.html")), "text/html");
        assertThat(html.sourceFormat()).isEqualTo(SourceFormat.SCRAPED_PAGE);
        assertThat(html.parserVersion()).isEqualTo("scraped-page/patient-site/1");

        var text = reader.read(utf8(ScrapedPageParserTest.fixture("registry-mirror.txt")), "text/plain");
        assertThat(text.sourceFormat()).isEqualTo(SourceFormat.SCRAPED_PAGE);
        assertThat(text.parserVersion()).isEqualTo("scraped-page/registry-mirror/1");
    }

    @Test
    void aGenericContentTypeIsReadByTheContent() throws IOException {
        for (String generic : new String[]{"application/octet-stream", null, "", "*/*", "application/x-www-form-urlencoded"}) {
            assertThat(reader.read(utf8("  \n" + v2Study()), generic).sourceFormat()).as(generic).isEqualTo(SourceFormat.CTGOV_V2_JSON);
            assertThat(reader.read(utf8(legacyXml()), generic).sourceFormat()).as(generic).isEqualTo(SourceFormat.CTGOV_LEGACY_XML);
            assertThat(reader.read(utf8(ScrapedPageParserTest.fixture("registry-mirror.html")), generic).parserVersion())
                    .as(generic).isEqualTo("scraped-page/registry-mirror/1");
            assertThat(reader.read(utf8(ScrapedPageParserTest.fixture("headed-summary-full.txt")), generic).parserVersion())
                    .as(generic).isEqualTo("scraped-page/headed-summary/1");
        }
        // text/plain is sniffed too: a legacy record pasted as text is still a legacy record
        assertThat(reader.read(utf8(legacyXml()), "text/plain").sourceFormat()).isEqualTo(SourceFormat.CTGOV_LEGACY_XML);
        assertThat(reader.read(utf8("[" + v2Study() + "]"), "text/plain").sourceFormat()).isEqualTo(SourceFormat.CTGOV_V2_JSON);
    }

    @Test
    void aByteOrderMarkAndOtherCharsetsAreHonoured() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = utf8(v2Study());
        byte[] withBom = new byte[bom.length + json.length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertThat(reader.read(withBom, "application/json").trials()).hasSize(1);

        String page = ScrapedPageParserTest.fixture("headed-summary-sparse.txt").replace("Women aged", "Femmes âgées — women aged");
        Charset cp1252 = Charset.forName("windows-1252");
        var declared = reader.read(page.getBytes(cp1252), "text/plain; charset=windows-1252").trials().get(0);
        var undeclared = reader.read(page.getBytes(cp1252), "text/plain").trials().get(0);
        assertThat(declared.eligibility().inclusion().get(0).text()).startsWith("Femmes âgées — women aged");
        assertThat(undeclared).as("an undeclared non-UTF-8 page is read as windows-1252").isEqualTo(declared);
    }

    @Test
    void anUnacceptedMediaTypeGets415NamingTheAcceptedOnes() {
        assertThatThrownBy(() -> reader.read(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, "image/png"))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.reasonCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
                    assertThat(e.getMessage()).contains("image/png", "application/json", "text/xml", "text/html", "text/plain");
                });
    }

    @Test
    void readableTextThatIsNoTrialGets422NamingWhatWasExpected() {
        assertThatThrownBy(() -> reader.read(utf8("Dear colleague,\nplease find the minutes attached.\n"), "text/plain"))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("Basic Information", "clinical_study", "API v2");
                });
        assertThatThrownBy(() -> reader.read(utf8("{\"name\": \"not a trial\"}"), "application/octet-stream"))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    /**
     * Malformed and hostile documents: truncated, wrongly encoded, binary, huge, deeply nested, entity bombs, other
     * media types, readable non-trials. Each one gets a 4xx with a reason code; none escapes as another exception.
     */
    @TestFactory
    Stream<DynamicTest> everyHostileDocumentGetsAClear4xx() throws IOException {
        List<Object[]> docs = hostileDocuments();
        assertThat(docs).hasSizeGreaterThanOrEqualTo(200);
        return docs.stream().map(d -> DynamicTest.dynamicTest((String) d[0], () -> {
            Throwable thrown = catchThrowable(() -> reader.read((byte[]) d[1], (String) d[2]));
            assertThat(thrown).as((String) d[0]).isInstanceOf(InvalidDocumentException.class);
            InvalidDocumentException e = (InvalidDocumentException) thrown;
            assertThat(e.status()).isIn(400, 415, 422);
            assertThat(e.reasonCode()).isNotBlank();
            assertThat(e.getMessage()).isNotBlank();
        }));
    }

    public static List<Object[]> hostileDocuments() throws IOException {
        List<Object[]> docs = new ArrayList<>();
        String json = v2Study();
        String xml = legacyXml();
        // truncated JSON and XML at 60 points each
        for (int i = 0; i < 60; i++) {
            int cut = (int) ((long) json.length() * i / 60);
            docs.add(new Object[]{"truncated JSON at " + cut, utf8(json.substring(0, cut)), "application/json"});
            int xcut = (int) ((long) xml.length() * i / 60);
            docs.add(new Object[]{"truncated XML at " + xcut, utf8(xml.substring(0, xcut)), i % 2 == 0 ? "application/xml" : "application/octet-stream"});
        }
        // wrong encodings
        docs.add(new Object[]{"UTF-16 JSON without BOM", json.getBytes(StandardCharsets.UTF_16LE), "application/json"});
        docs.add(new Object[]{"Latin-1 JSON", "{\"protocolSection\": {\"identificationModule\": {\"briefTitle\": \"Étude\"}} "
                .getBytes(StandardCharsets.ISO_8859_1), "application/json"});
        docs.add(new Object[]{"Latin-1 bytes declared UTF-8 XML", xml.replace("Hopital", "Hôpital").getBytes(StandardCharsets.ISO_8859_1), "application/xml"});
        docs.add(new Object[]{"unknown charset", utf8("hello"), "text/plain; charset=klingon-8"});
        docs.add(new Object[]{"invalid UTF-8 declared", new byte[]{'a', (byte) 0xC3, (byte) 0x28, 'b'}, "text/plain; charset=utf-8"});
        // binary
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] bytes = new byte[64 + random.nextInt(4096)];
            random.nextBytes(bytes);
            docs.add(new Object[]{"random bytes " + i, bytes, i % 3 == 0 ? "application/octet-stream" : i % 3 == 1 ? "text/plain" : null});
        }
        docs.add(new Object[]{"PNG", new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13}, "application/octet-stream"});
        docs.add(new Object[]{"zip", new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}, null});
        docs.add(new Object[]{"PDF", utf8("%PDF-1.7\n%\u0000\u0001\u0002 obj stream"), "application/octet-stream"});
        // huge
        docs.add(new Object[]{"50 MB of text", utf8("lorem ipsum dolor sit amet\n".repeat(50 * 1024 * 1024 / 27)), "text/plain"});
        docs.add(new Object[]{"20 MB JSON string", utf8("{\"protocolSection\": \"" + "x".repeat(20 * 1024 * 1024) + "\"}"), "application/json"});
        docs.add(new Object[]{"one 5 MB line of XML text", utf8("<clinical_study><brief_title>" + "a".repeat(5 * 1024 * 1024)), "application/xml"});
        // deeply nested
        docs.add(new Object[]{"deep JSON arrays", utf8("[".repeat(100_000)), "application/json"});
        docs.add(new Object[]{"deep JSON objects", utf8("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)), "application/json"});
        docs.add(new Object[]{"deep XML", utf8("<a>".repeat(100_000) + "</a>".repeat(100_000)), "application/xml"});
        docs.add(new Object[]{"deep HTML, no layout", utf8("<div>".repeat(20_000) + "hello" + "</div>".repeat(20_000)), "text/html"});
        // entities
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            lol.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        lol.append("]><clinical_study><brief_title>&lol9;</brief_title></clinical_study>");
        docs.add(new Object[]{"billion laughs", utf8(lol.toString()), "application/xml"});
        docs.add(new Object[]{"billion laughs, generic type", utf8(lol.toString()), null});
        docs.add(new Object[]{"XXE file", utf8("<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><clinical_study>&x;</clinical_study>"), "text/xml"});
        docs.add(new Object[]{"XXE url", utf8("<!DOCTYPE c [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]><clinical_study>&x;</clinical_study>"), "application/xml"});
        docs.add(new Object[]{"external DTD", utf8("<!DOCTYPE clinical_study SYSTEM \"http://127.0.0.1:1/x.dtd\"><clinical_study/>"), "application/xml"});
        docs.add(new Object[]{"parameter entity", utf8("<!DOCTYPE c [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><clinical_study/>"), "application/xml"});
        docs.add(new Object[]{"undeclared entity", utf8("<clinical_study>&nope;</clinical_study>"), "application/xml"});
        // other media types
        for (String type : List.of("image/png", "image/jpeg", "application/pdf", "application/zip", "video/mp4",
                "multipart/form-data; boundary=x", "application/vnd.ms-excel", "audio/mpeg", "font/woff2", "application/java-archive")) {
            docs.add(new Object[]{"media type " + type, utf8("{}"), type});
        }
        // readable, but no trial
        for (int i = 0; i < 20; i++) {
            docs.add(new Object[]{"JSON object " + i, utf8("{\"field" + i + "\": [" + i + ", \"x\"], \"studies\": " + (i % 2 == 0 ? "[]" : "{}") + "}"),
                    i % 2 == 0 ? "application/json" : null});
            docs.add(new Object[]{"XML root " + i, utf8("<?xml version=\"1.0\"?><root" + i + "><item>x</item></root" + i + ">"), "application/xml"});
            docs.add(new Object[]{"prose " + i, utf8("Meeting notes number " + i + "\nNothing about any trial here.\nConditions apply.\n"), i % 2 == 0 ? "text/plain" : null});
            docs.add(new Object[]{"HTML page " + i, utf8("<html><body><h1>Shop " + i + "</h1><p>Sale today</p><h2>Locations</h2><p>Main street</p></body></html>"), "text/html"});
        }
        docs.add(new Object[]{"JSON scalar", utf8("42"), "application/json"});
        docs.add(new Object[]{"JSON null", utf8("null"), "application/json"});
        docs.add(new Object[]{"JSON array of numbers", utf8("[1,2,3]"), "application/json"});
        docs.add(new Object[]{"bad NCT id", utf8("{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT1\"}}}"), "application/json"});
        docs.add(new Object[]{"RSS search results", utf8("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title></channel></rss>"), "text/xml"});
        // empty
        docs.add(new Object[]{"empty JSON", new byte[0], "application/json"});
        docs.add(new Object[]{"whitespace text", utf8(" \n\t \r\n"), "text/plain"});
        docs.add(new Object[]{"empty XML", new byte[0], "application/xml"});
        docs.add(new Object[]{"empty, no type", new byte[0], null});
        return docs;
    }
}
