package io.trialstream.ingest.fuzz;

import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility.AgeBound;
import io.trialstream.ingest.parsing.AgeText;
import io.trialstream.ingest.parsing.CtgovV2Parser;
import io.trialstream.ingest.parsing.EligibilityText;
import io.trialstream.ingest.parsing.LegacyXmlParser;
import io.trialstream.ingest.parsing.StructuredCriteria;
import io.trialstream.ingest.parsing.TrialDocumentReader;
import io.trialstream.ingest.parsing.page.ScrapedPageParser;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The parser entry points a submitted document reaches, each with the corpus folder that holds its interesting
 * inputs ({@code fuzz-corpus/<folder>/}) and the Content-Type the document would be posted with.
 * <p>
 * Parsers are created per thread: the hang detector abandons a thread that overruns its budget, and an abandoned
 * thread must not share parser state with the next input.
 */
enum FuzzTarget {
    /** Format detection and decoding: the bytes and Content-Type exactly as {@code POST /api/v1/trials} gets them. */
    READER("reader", "txt", null, Format.TEXT),
    CTGOV_V2("ctgov-v2", "json", "application/json", Format.JSON),
    LEGACY_XML("legacy-xml", "xml", "application/xml", Format.XML),
    PAGE_TEXT("page-text", "txt", "text/plain", Format.TEXT),
    PAGE_HTML("page-html", "html", "text/html", Format.HTML),
    /** Eligibility text → items → computable criteria, plus the registry age fields ({@link AgeText}). */
    CRITERIA("criteria", "txt", "text/plain", Format.TEXT);

    /** How a document is shaped, which decides the structure-aware mutations it gets. */
    enum Format { JSON, XML, HTML, TEXT }

    /** What the criteria entry point returns, compared whole for determinism. */
    record CriteriaResult(AgeBound minimum, AgeBound maximum, AgeText.Statement statement,
                          EligibilityText.Split split, List<Criterion> criteria) {
    }

    final String folder;
    final String extension;
    final String contentType;
    final Format format;

    FuzzTarget(String folder, String extension, String contentType, Format format) {
        this.folder = folder;
        this.extension = extension;
        this.contentType = contentType;
        this.format = format;
    }

    private static final ThreadLocal<TrialDocumentReader> READERS = ThreadLocal.withInitial(TrialDocumentReader::new);
    private static final ThreadLocal<CtgovV2Parser> V2 = ThreadLocal.withInitial(CtgovV2Parser::new);
    private static final ThreadLocal<LegacyXmlParser> LEGACY = ThreadLocal.withInitial(LegacyXmlParser::new);
    private static final ThreadLocal<ScrapedPageParser> PAGES = ThreadLocal.withInitial(ScrapedPageParser::new);
    private static final List<String> SEXES = Arrays.asList("ALL", "FEMALE", "MALE", null);

    /**
     * Runs the entry point on one input. {@code contentType} is used by {@link #READER} only. Returns what the parser
     * returns (records, so equal output compares equal) or throws what it throws.
     */
    Object run(byte[] input, String contentType) {
        return switch (this) {
            case READER -> READERS.get().read(input, contentType);
            case CTGOV_V2 -> V2.get().parse(utf8(input));
            case LEGACY_XML -> LEGACY.get().parse(input);
            case PAGE_TEXT -> PAGES.get().parseText(utf8(input));
            case PAGE_HTML -> PAGES.get().parseHtml(utf8(input));
            case CRITERIA -> criteria(utf8(input));
        };
    }

    /**
     * The first two lines double as the registry's minimum and maximum age fields and the first as a prose age
     * statement; the whole text is the eligibility criteria. The sex field is derived from the length so that the
     * same input always gets the same one.
     */
    private static CriteriaResult criteria(String text) {
        String[] lines = text.split("\n", 3);
        AgeBound min = AgeText.toBound(lines[0]);
        AgeBound max = lines.length > 1 ? AgeText.toBound(lines[1]) : null;
        AgeText.Statement statement = AgeText.statement(lines[0], text.toLowerCase(Locale.ROOT).contains("age"));
        EligibilityText.Split split = EligibilityText.split(text);
        String sex = SEXES.get(text.length() % SEXES.size());
        return new CriteriaResult(min, max, statement, split,
                StructuredCriteria.of(sex, min, max, split.inclusion(), split.exclusion()));
    }

    private static String utf8(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    static FuzzTarget ofFolder(String folder) {
        for (FuzzTarget t : values()) {
            if (t.folder.equals(folder)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no fuzz target for corpus folder " + folder);
    }
}
