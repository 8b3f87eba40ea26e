package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Provenance.SourceFormat;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.ingest.parsing.page.ScrapedPageParser;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;

/**
 * Reads one submitted document of any accepted format. The Content-Type decides when it names a format (JSON → API v2,
 * XML → legacy {@code clinical_study}, HTML → scraped page); when it is generic ({@code application/octet-stream},
 * {@code text/plain}, a form post, none) the content decides: a JSON or XML document is recognised by its first
 * characters and a page by its layout. Everything else is refused with a status and a reason code that name what was
 * expected: 415 for content that is not an accepted type or not text at all, 400 for a document that is not
 * well-formed, 422 for one that is readable but not a trial.
 */
public final class TrialDocumentReader {

    /** The trials in one document, with the format and parser that read them. */
    public record ReadDocument(List<TrialRecord> trials, SourceFormat sourceFormat, String parserVersion) {
    }

    public static final String ACCEPTED = "application/json (ClinicalTrials.gov API v2 study, array or search page), "
            + "application/xml or text/xml (ClinicalTrials.gov legacy clinical_study), "
            + "text/html or text/plain (a trial-finder page)";

    private static final int SNIFF_BYTES = 4096;

    private enum Kind { JSON, XML, HTML, TEXT, GENERIC }

    private final CtgovV2Parser v2 = new CtgovV2Parser();
    private final LegacyXmlParser legacy = new LegacyXmlParser();
    private final ScrapedPageParser pages = new ScrapedPageParser();

    public ReadDocument read(byte[] body, String contentType) {
        Kind kind = kind(contentType);
        if (body == null || body.length == 0 || isBlank(body)) {
            throw new InvalidDocumentException(400, "EMPTY_BODY", "the body is empty; expected " + ACCEPTED);
        }
        if (kind == Kind.XML) {
            return xml(body);
        }
        if (looksBinary(body)) {
            throw new InvalidDocumentException(415, "BINARY_CONTENT", "the body is binary data, not a text document; "
                    + "expected " + ACCEPTED);
        }
        String text = decode(body, charset(contentType), kind == Kind.JSON);
        return switch (kind) {
            case JSON -> json(text);
            case HTML -> page(text, true);
            case TEXT, GENERIC -> sniffed(body, text, kind);
            default -> throw new IllegalStateException();
        };
    }

    private ReadDocument json(String text) {
        return new ReadDocument(v2.parse(text), SourceFormat.CTGOV_V2_JSON, CtgovV2Parser.PARSER_VERSION);
    }

    private ReadDocument xml(byte[] body) {
        return new ReadDocument(legacy.parse(body), SourceFormat.CTGOV_LEGACY_XML, LegacyXmlParser.PARSER_VERSION);
    }

    private ReadDocument page(String text, boolean html) {
        ScrapedPageParser.ParsedPage page = html ? pages.parseHtml(text) : pages.parseText(text);
        return new ReadDocument(List.of(page.trial()), SourceFormat.SCRAPED_PAGE, page.parserVersion());
    }

    /** Generic content types: the first characters say JSON, XML or HTML; anything else is read as a page's text. */
    private ReadDocument sniffed(byte[] body, String text, Kind declared) {
        String head = text.substring(0, Math.min(text.length(), SNIFF_BYTES)).stripLeading();
        String lower = head.transform(TextCase::lower);
        if (head.startsWith("{")) {
            return json(text);
        }
        if (head.startsWith("[") && looksLikeJsonArray(head)) {
            return json(text);
        }
        if (lower.startsWith("<!doctype html") || lower.startsWith("<html") || lower.startsWith("<head")
                || lower.startsWith("<body") || (lower.startsWith("<") && lower.contains("<body"))) {
            return page(text, true);
        }
        if (head.startsWith("<")) {
            return xml(body);
        }
        return page(text, false);
    }

    /** "[{" or "[]" opens a JSON array; "[Back to search]" on a scraped page does not. */
    private static boolean looksLikeJsonArray(String head) {
        for (int i = 1; i < head.length(); i++) {
            char c = head.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == ']' || c == '[';
            }
        }
        return true;
    }

    private static Kind kind(String contentType) {
        String type = mediaType(contentType);
        if (type == null || type.isEmpty() || type.equals("application/octet-stream") || type.equals("*/*")
                || type.equals("application/x-www-form-urlencoded")) {
            // curl --data sends a form type; a body without a type is read by its content
            return Kind.GENERIC;
        }
        if (type.equals("application/json") || type.equals("text/json") || type.endsWith("+json")) {
            return Kind.JSON;
        }
        if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
            return Kind.HTML;
        }
        if (type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")) {
            return Kind.XML;
        }
        if (type.equals("text/plain")) {
            return Kind.TEXT;
        }
        throw new InvalidDocumentException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type " + printable(type)
                + " is not accepted; send " + ACCEPTED);
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().transform(TextCase::lower);
    }

    private static Charset charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        String lower = contentType.transform(TextCase::lower);
        int at = lower.indexOf("charset=");
        if (at < 0) {
            return null;
        }
        String name = contentType.substring(at + "charset=".length()).split(";")[0].strip().replace("\"", "");
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new InvalidDocumentException(415, "UNSUPPORTED_CHARSET", "charset " + printable(name)
                    + " is not supported; send UTF-8 (or another charset Java knows) and one of " + ACCEPTED);
        }
    }

    /**
     * Strict decoding in the declared charset (UTF-8 when none). JSON must be UTF-8. An undeclared page that is not
     * UTF-8 is read as windows-1252, the encoding scraped pages most often come in.
     */
    private static String decode(byte[] body, Charset declared, boolean json) {
        int offset = 0;
        Charset charset = declared;
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            offset = 3;
            charset = StandardCharsets.UTF_8;
        } else if (body.length >= 2 && (body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF) {
            offset = 2;
            charset = StandardCharsets.UTF_16BE;
        } else if (body.length >= 2 && (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE) {
            offset = 2;
            charset = StandardCharsets.UTF_16LE;
        }
        Charset first = charset != null ? charset : StandardCharsets.UTF_8;
        try {
            return strict(first, body, offset);
        } catch (CharacterCodingException e) {
            if (charset == null && !json) {
                try {
                    return strict(Charset.forName("windows-1252"), body, offset);
                } catch (CharacterCodingException ignored) {
                    // fall through to the error below
                }
            }
            throw new InvalidDocumentException(400, "MALFORMED_TEXT", "the body is not valid " + first.name()
                    + " text" + (json ? " (JSON must be UTF-8)" : "") + "; expected " + ACCEPTED);
        }
    }

    private static String strict(Charset charset, byte[] body, int offset) throws CharacterCodingException {
        CharBuffer chars = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body, offset, body.length - offset));
        return chars.toString();
    }

    /** NUL bytes, or many control characters, in the first bytes: an image, an archive, a PDF, not a text document. */
    private static boolean looksBinary(byte[] body) {
        boolean utf16 = body.length >= 2 && ((body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF
                || (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE);
        if (utf16) {
            return false;
        }
        int n = Math.min(body.length, SNIFF_BYTES);
        int control = 0;
        for (int i = 0; i < n; i++) {
            int b = body[i] & 0xFF;
            if (b == 0) {
                return true;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                control++;
            }
        }
        return control > n / 10;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        String clean = s == null ? "" : s.replaceAll("[^A-Za-z0-9/+._-]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
    }
}
