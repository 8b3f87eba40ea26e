package io.trialstream.ingest.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trialstream.ingest.fuzz.FuzzTarget.Format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structure-aware mutations of a seed document. Byte-level changes (flips, truncation, deleted, duplicated or
 * spliced ranges) find decoding and framing bugs; line-level changes (duplicated, deleted, shuffled lines, moved
 * headings) find layout-detection bugs; node-level changes (JSON values of the wrong type, huge numbers, deep
 * nesting, duplicated or removed nodes; XML elements duplicated, nested, removed, entity and DOCTYPE declarations)
 * reach the mapping code behind a well-formed document, which random bytes almost never do. Long repetitive lines of
 * the parsers' own vocabulary are there to make the regular expressions backtrack.
 */
final class DocumentMutator {

    /** Documents above this size are cut: the fuzzer looks for blow-ups, not for the body-size limit. */
    static final int MAX_BYTES = 512 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String RAW = "\u0001raw\u0001";

    private static final String[] HUGE_NUMBERS = {"99999999999999999999999999999999", "-9223372036854775809",
            "2147483648", "1e999999", "-1E-999999", "1.7976931348623157E309", "0.000000000000000000000000000001",
            "123456789".repeat(200), "1" + "0".repeat(1500), "-0", "4.9e-324", "1e+308"};

    private static final String[] UNICODE = {"\uFEFF", "\u200B", "\u200D", "\u202E", "\u2066", "\u0301".repeat(60),
            "\uD83D\uDE00", "\u0000", "\u00A0", "\u2028", "\u2029", "\u0085", "\u000B", "\u000C", "İ", "ı", "ß", "ﬁ",
            "Σ", "ǅ", "１２", "٣٤", "²", "½", "Ⅻ", "≥", "≤", "µ", "×10⁹", "\uFFFD", "\uFFFF", "𝟏𝟖", "ａｇｅ", "\t\t",
            "\u3000", "\u180E", "é", "e\u0301"};

    private static final String[] TEXT_WORDS = {"Inclusion Criteria:", "Exclusion Criteria:", "Inclusion criteria",
            "Exclusion criteria", "Eligibility Criteria", "Key Inclusion Criteria", "* ", "  * ", "    * ", "• ", "- ",
            "1. ", "a) ", "(i) ", "Age ≥ 18 years", "18 Years", "N/A", "up to 65 Years", "aged 18 to 75", "ECOG 0-2",
            "KPS ≥ 70%", "ANC ≥ 1.5 x 10^9/L", "platelets ≥ 100,000/µL", "AST/ALT ≤ 2.5 x ULN", "bilirubin < 1.5 mg/dL",
            "creatinine clearance ≥ 60 mL/min", "HIV", "hepatitis B or C", "pregnant or breastfeeding",
            "life expectancy > 3 months", "within 28 days", "prior chemotherapy", "EGFR mutation", "PD-L1 ≥ 50%",
            "grade II-IV GVHD", "informed consent", "NCT09990101", "NCT1234567", "NCT123456789", "NCT٠١٢٣٤٥٦٧",
            "EudraCT 2020-001234-56", "2020-001234-56", "2024-02-30", "January 2024", "2024", "Phase 1/Phase 2",
            "RECRUITING", "Not yet recruiting", "Female", "Male", "All", "Both", "Yes", "No", "Accepts Healthy Volunteers",
            "Status and phase", "Status & phase", "About", "Full description", "Enrollment", "Conditions", "Treatments",
            "Sex", "Ages", "Healthy volunteers", "Primary purpose", "Allocation", "Masking", "Trial design",
            "Trial contacts", "Sites", "Locations", "Data sourced from clinicaltrials.gov",
            "Eligibility Criteria Checklist", "Study Summary", "Trial Design", "Awards & highlights", "Timeline",
            "Eligible Conditions", "Treatment Details", "Study Objectives", "Primary outcome measures",
            "Secondary outcome measures", "Side effects data", "Find a Location", "Who is running the clinical trial?",
            "Frequently Asked Questions", "Must have", "Must not have", "Basic Information", "Brief Summary",
            "Study Design", "Study Groups", "Sponsors", "Study Results", "Related Clinical Trials", "Detailed Description",
            "Keywords", "Interventions", "Other Intervention Names", "Responsible Party", "Principal Investigators",
            "Countries", "Central Contacts", "Facility Contacts", "References", "Other Identifiers", "← Back to Search",
            "Led By", "Research Sponsored by", "participants", "INTERVENTIONAL", "PHASE3", "PHASE1/PHASE2", ":", "\\*",
            "\\>", "&gt;", "10\\^9"};

    private static final String[] JSON_WORDS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800",
            "\\uDFFF", "null", "true", "1e5", "NaN", "\"protocolSection\":", "\"studies\":[", "{\"protocolSection\":{}}",
            "\"nextPageToken\":\"x\"", "/*", "//", "'"};

    private static final String[] XML_WORDS = {"<", ">", "</", "/>", "&", "&amp;", "&lt;", "&#0;", "&#x0;", "&#xD800;",
            "&#1114112;", "&#x10FFFF;", "&#65;", "&#xD;", "&nbsp;", "&lol;", "<![CDATA[", "]]>", "<!--", "-->", "<?pi x?>",
            "<?xml version=\"1.0\"?>", "<!DOCTYPE clinical_study>", "<!DOCTYPE x [<!ENTITY e \"boom\">]>",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/p\"> %p;]>", "&e;", "xmlns=\"urn:x\"",
            "xmlns:a=\"urn:a\"", " a=\"1\" a=\"2\"", "<clinical_study>", "</clinical_study>", "<textblock>",
            "</textblock>", "<criteria>", "<eligibility>", "<nct_id>NCT09990123</nct_id>", "<nct_id>NCT12</nct_id>",
            "<id_info>", "<secondary_id>2020-001234-56</secondary_id>", "<enrollment type=\"Anticipated\">",
            "<minimum_age>18 Years</minimum_age>", "<gender>Female</gender>", "<study_design>",
            "Allocation: Randomized, Intervention Model: Parallel Assignment, Masking: None (Open Label), Primary Purpose: Treatment",
            "<start_date>March 32, 2024</start_date>", "<phase>Phase 1/Phase 2</phase>"};

    private static final String[] HTML_WORDS = {"<ul>", "</ul>", "<ol>", "<li>", "</li>", "<br>", "<p>", "</p>",
            "<div>", "</div>", "<h2>", "</h2>", "<h3>Eligibility Criteria</h3>", "<table><tr><td>", "</td></tr></table>",
            "<script>", "</script>", "<style>", "<nav>", "<footer>", "<template>", "<svg>", "<pre>", "<b>", "</b>",
            "<!--", "-->", "<![CDATA[", "&nbsp;", "&#x202E;", "&lt;", "&gt;", "&amp;", "&#0;", "<html>", "<body>",
            "<head>", "<title>", "<select><option>", "<noscript>", "<iframe>", "<li><ul><li>", "<dt>", "<dd>"};

    /** Phrases that regular expressions over criteria and pages try to match piece by piece. */
    private static final String[] BACKTRACK_UNITS = {"≥ ", "1,", "(", "1.1.", "x 10^9/", "less than or equal to ",
            "a", "9", "AST/ALT/", "- ", "within the last ", "hepatitis b or c ", "age ≥ 18 years or ", "ECOG 0, 1, 2, ",
            "unless if except when ", "((((AST (SGOT) and ", "ULN x ULN times ", "\u2265\u2264<>=/", "no not without ",
            "1 to 2 to 3 to ", "18-", "18 years ", "Inclusion ", "Criteria ", "NCT0", "Phase ", "\t ", "  ", ".", "*",
            "* ", "\\", "&", "<", "mg/dL ", "10^", "1e", "0.", "x ", "/", "–", "、", "aged ", "months ", "or ",
            "between 1 and ", "grade "};

    private final Random random;

    DocumentMutator(Random random) {
        this.random = random;
    }

    /** One to four stacked mutations of {@code seed}; {@code pool} gives the other half of a splice. */
    byte[] mutate(byte[] seed, Format format, List<byte[]> pool) {
        byte[] doc = seed;
        int rounds = 1 + random.nextInt(random.nextInt(8) == 0 ? 8 : 4);
        for (int i = 0; i < rounds; i++) {
            doc = once(doc, format, pool);
            if (doc.length > MAX_BYTES) {
                doc = Arrays.copyOf(doc, MAX_BYTES);
            }
        }
        return doc;
    }

    private byte[] once(byte[] doc, Format format, List<byte[]> pool) {
        int choice = random.nextInt(100);
        if (choice < 18) {
            return bytes(doc, pool);
        }
        if (choice < 34) {
            return utf8(lines(str(doc)));
        }
        if (choice < 62) {
            return switch (format) {
                case JSON -> utf8(json(str(doc)));
                case XML -> utf8(xml(str(doc)));
                case HTML -> utf8(insert(str(doc), pick(HTML_WORDS), random.nextInt(4) == 0 ? 1 + random.nextInt(400) : 1));
                case TEXT -> utf8(insert(str(doc), pick(TEXT_WORDS), 1));
            };
        }
        if (choice < 72) {
            return utf8(insert(str(doc), pick(UNICODE), 1 + random.nextInt(3)));
        }
        if (choice < 80) {
            return utf8(backtrackLine(str(doc)));
        }
        if (choice < 86) {
            return utf8(replaceNumber(str(doc)));
        }
        if (choice < 92) {
            return utf8(changeCase(str(doc)));
        }
        String[] words = switch (format) {
            case JSON -> JSON_WORDS;
            case XML -> XML_WORDS;
            case HTML -> HTML_WORDS;
            case TEXT -> TEXT_WORDS;
        };
        return utf8(insert(str(doc), pick(words), 1));
    }

    // ---- bytes ----

    private byte[] bytes(byte[] doc, List<byte[]> pool) {
        if (doc.length == 0) {
            return new byte[]{(byte) random.nextInt(256)};
        }
        int at = random.nextInt(doc.length);
        switch (random.nextInt(7)) {
            case 0 -> {
                byte[] out = doc.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> {
                byte[] out = doc.clone();
                int[] interesting = {0x00, 0xFF, 0x80, 0xC3, 0xC0, 0xED, 0xF4, 0xEF, 0xFE, '<', '{', '&', '\r', 0x1A};
                out[at] = (byte) interesting[random.nextInt(interesting.length)];
                return out;
            }
            case 2 -> {
                return Arrays.copyOf(doc, at);
            }
            case 3 -> {
                int len = 1 + random.nextInt(Math.min(doc.length - at, 256));
                byte[] out = new byte[doc.length - len];
                System.arraycopy(doc, 0, out, 0, at);
                System.arraycopy(doc, at + len, out, at, doc.length - at - len);
                return out;
            }
            case 4 -> {
                int len = 1 + random.nextInt(Math.min(doc.length - at, 512));
                int copies = random.nextInt(4) == 0 ? 1 + random.nextInt(50) : 1;
                byte[] out = new byte[doc.length + len * copies];
                System.arraycopy(doc, 0, out, 0, at + len);
                for (int c = 1; c <= copies; c++) {
                    System.arraycopy(doc, at, out, at + len * c, len);
                }
                System.arraycopy(doc, at + len, out, at + len * (copies + 1), doc.length - at - len);
                return out;
            }
            case 5 -> {
                byte[] other = pool.get(random.nextInt(pool.size()));
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                byte[] out = Arrays.copyOf(doc, at + other.length - from);
                System.arraycopy(other, from, out, at, other.length - from);
                return out;
            }
            default -> {
                byte[][] marks = {{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFE, (byte) 0xFF},
                        {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
                byte[] mark = marks[random.nextInt(marks.length)];
                int where = random.nextBoolean() ? 0 : at;
                byte[] out = new byte[doc.length + mark.length];
                System.arraycopy(doc, 0, out, 0, where);
                System.arraycopy(mark, 0, out, where, mark.length);
                System.arraycopy(doc, where, out, where + mark.length, doc.length - where);
                return out;
            }
        }
    }

    // ---- lines ----

    private String lines(String doc) {
        List<String> lines = new ArrayList<>(Arrays.asList(doc.split("\n", -1)));
        if (lines.isEmpty()) {
            return doc;
        }
        int i = random.nextInt(lines.size());
        int j = random.nextInt(lines.size());
        switch (random.nextInt(7)) {
            case 0 -> {
                int copies = random.nextInt(5) == 0 ? 2 + random.nextInt(300) : 1;
                for (int c = 0; c < copies; c++) {
                    lines.add(i, lines.get(i));
                }
            }
            case 1 -> lines.remove(i);
            case 2 -> Collections.swap(lines, i, j);
            case 3 -> Collections.shuffle(lines.subList(Math.min(i, j), Math.max(i, j) + 1), random);
            case 4 -> lines.add(j, lines.remove(i));
            case 5 -> {
                // join a run of lines into one, or break a line in two
                if (random.nextBoolean() && lines.size() > 1) {
                    int from = Math.min(i, j);
                    int to = Math.min(Math.max(i, j) + 1, lines.size());
                    String joined = String.join(random.nextBoolean() ? " " : "", lines.subList(from, to));
                    lines.subList(from, to).clear();
                    lines.add(from, joined);
                } else {
                    String line = lines.get(i);
                    int cut = line.isEmpty() ? 0 : random.nextInt(line.length());
                    lines.set(i, line.substring(0, cut));
                    lines.add(i + 1, line.substring(cut));
                }
            }
            default -> Collections.reverse(lines.subList(Math.min(i, j), Math.max(i, j) + 1));
        }
        return String.join(random.nextInt(8) == 0 ? "\r" : "\n", lines);
    }

    // ---- JSON nodes ----

    private String json(String doc) {
        JsonNode root;
        try {
            root = JSON.readTree(doc);
        } catch (Exception e) {
            return insert(doc, pick(JSON_WORDS), 1);
        }
        if (root == null || !root.isContainerNode()) {
            return insert(doc, pick(JSON_WORDS), 1);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        List<String> raws = new ArrayList<>();
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(7)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(name, replacement(object.get(name), containers, raws));
                case 2 -> object.set(random.nextBoolean() ? name.toUpperCase(Locale.ROOT) : name + "_", object.get(name));
                case 3 -> object.set(name, nest(object.get(name)));
                case 4 -> object.set(name, arrayOf(object.get(name), 1 + random.nextInt(random.nextInt(4) == 0 ? 2000 : 5)));
                case 5 -> object.set(pick(new String[]{"protocolSection", "studies", "eligibilityModule",
                        "eligibilityCriteria", "nctId", "minimumAge", "sex", "identificationModule", "secondaryIdInfos",
                        "enrollmentInfo", "count", "phases", "dateStruct", "date"}), replacement(object.get(name), containers, raws));
                default -> {
                    Map.Entry<String, JsonNode> e = Map.entry(name, object.get(name));
                    object.remove(name);
                    object.set(e.getKey(), e.getValue());
                }
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            int i = random.nextInt(array.size());
            switch (random.nextInt(4)) {
                case 0 -> array.remove(i);
                case 1 -> {
                    int copies = random.nextInt(4) == 0 ? 1 + random.nextInt(500) : 1;
                    for (int c = 0; c < copies; c++) {
                        array.insert(i, array.get(i).deepCopy());
                    }
                }
                case 2 -> array.set(i, replacement(array.get(i), containers, raws));
                default -> array.set(i, nest(array.get(i)));
            }
        } else {
            return random.nextBoolean() ? "[" + doc + "]" : "{\"studies\":[" + doc + "," + doc + "]}";
        }
        String out;
        try {
            out = random.nextBoolean() ? JSON.writeValueAsString(root) : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (Exception e) {
            return doc;
        }
        // huge numbers and broken tokens cannot be held by a tree; they replace their placeholder in the text
        for (String raw : raws) {
            out = out.replaceFirst(Pattern.quote("\"" + RAW + "\""), Matcher.quoteReplacement(raw));
        }
        return out;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    private JsonNode replacement(JsonNode old, List<JsonNode> containers, List<String> raws) {
        switch (random.nextInt(12)) {
            case 0:
                raws.add(pick(HUGE_NUMBERS));
                return NODES.textNode(RAW);
            case 1:
                return NODES.textNode(backtrackText());
            case 2:
                return NODES.textNode((old == null ? "" : old.asText()) + pick(UNICODE));
            case 3:
                return NODES.nullNode();
            case 4:
                return NODES.booleanNode(random.nextBoolean());
            case 5:
                return NODES.numberNode(random.nextInt(7) - 3);
            case 6:
                return NODES.arrayNode().add(old == null ? NODES.nullNode() : old);
            case 7:
                return NODES.objectNode().set("date", old == null ? NODES.textNode("2024") : old);
            case 8:
                return containers.get(random.nextInt(containers.size())).deepCopy();
            case 9:
                return NODES.textNode(pick(TEXT_WORDS));
            case 10:
                raws.add(pick(new String[]{"\"\\ud800\"", "\"\\u0000\"", "\"a\\u0000b\"", "1.0e", "01", "+1", ".5",
                        "\"\\uDFFF\\uD800\"", "-", "[", "{\"a\":1,\"a\":2}", "\"" + "\\\\".repeat(5000) + "\""}));
                return NODES.textNode(RAW);
            default:
                return NODES.textNode(old == null || !old.isValueNode() ? "" : old.asText().repeat(1 + random.nextInt(40)));
        }
    }

    /** Around the JSON parser's nesting limit (64), and well past it. */
    private JsonNode nest(JsonNode node) {
        int[] depths = {30, 60, 62, 63, 64, 65, 66, 200, 5000};
        int depth = depths[random.nextInt(depths.length)];
        JsonNode n = node == null ? NODES.nullNode() : node;
        for (int d = 0; d < depth; d++) {
            n = random.nextBoolean() ? NODES.arrayNode().add(n) : NODES.objectNode().set("n", n);
        }
        return n;
    }

    private static ArrayNode arrayOf(JsonNode node, int copies) {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < copies; i++) {
            a.add(node == null ? NODES.nullNode() : node.deepCopy());
        }
        return a;
    }

    // ---- XML elements ----

    private static final Pattern START_TAG = Pattern.compile("<([A-Za-z_][A-Za-z0-9_.:-]*)(?:\\s[^<>]*)?>");

    private String xml(String doc) {
        List<int[]> tags = new ArrayList<>();
        Matcher m = START_TAG.matcher(doc);
        while (m.find() && tags.size() < 5_000) {
            tags.add(new int[]{m.start(), m.end(), m.start(1), m.end(1)});
        }
        int op = random.nextInt(10);
        if (tags.isEmpty() || op >= 8) {
            return declaration(doc);
        }
        int[] tag = tags.get(random.nextInt(tags.size()));
        String name = doc.substring(tag[2], tag[3]);
        String close = "</" + name + ">";
        int closeAt = doc.indexOf(close, tag[1]);
        int elementEnd = closeAt < 0 ? tag[1] : closeAt + close.length();
        String element = doc.substring(tag[0], elementEnd);
        String before = doc.substring(0, tag[0]);
        String after = doc.substring(elementEnd);
        return switch (op) {
            case 0 -> before + after;
            case 1 -> before + element.repeat(1 + (random.nextInt(4) == 0 ? random.nextInt(300) : 1)) + after;
            case 2 -> {
                int[] depths = {30, 31, 32, 33, 40, 64, 65, 1000};
                int depth = depths[random.nextInt(depths.length)];
                yield before + ("<" + name + ">").repeat(depth) + element + close.repeat(depth) + after;
            }
            case 3 -> closeAt < 0 ? doc : doc.substring(0, tag[1]) + xmlText() + doc.substring(closeAt);
            case 4 -> doc.substring(0, tag[1]) + pick(XML_WORDS) + doc.substring(tag[1]);
            case 5 -> before + element.replace("<" + name, "<" + (random.nextBoolean() ? "x:" : "") + name
                    + (random.nextBoolean() ? " xmlns:x=\"urn:x\"" : " a=\"" + pick(UNICODE) + "\"".repeat(random.nextInt(2) + 1))) + after;
            case 6 -> before + "<![CDATA[" + element + "]]>" + after;
            default -> doc.substring(0, tag[1]) + attributes() + doc.substring(tag[1]);
        };
    }

    private String xmlText() {
        return switch (random.nextInt(5)) {
            case 0 -> backtrackText().replace("&", "&amp;").replace("<", "&lt;");
            case 1 -> "<![CDATA[" + backtrackText() + "]]>";
            case 2 -> pick(UNICODE).replace("\u0000", "&#0;");
            case 3 -> "&#xD;\n        " + pick(TEXT_WORDS).replace("&", "&amp;").replace("<", "&lt;") + "&#xD;\n";
            default -> pick(HUGE_NUMBERS);
        };
    }

    private String attributes() {
        StringBuilder b = new StringBuilder("<x");
        int n = random.nextInt(4) == 0 ? 5000 : 1 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            b.append(" a").append(i).append("=\"").append(i).append('"');
        }
        return b.append("/>").toString();
    }

    /** DOCTYPEs, entity declarations (billion laughs, external entities) and XML declarations in front of the root. */
    private String declaration(String doc) {
        int rootAt = doc.indexOf("<clinical_study");
        String prolog = switch (random.nextInt(8)) {
            case 0 -> "<!DOCTYPE clinical_study [<!ENTITY a \"" + "x".repeat(1000) + "\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>";
            case 1 -> "<!DOCTYPE clinical_study SYSTEM \"http://127.0.0.1:1/ctgov.dtd\">";
            case 2 -> "<!DOCTYPE clinical_study [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>";
            case 3 -> "<?xml version=\"1.0\" encoding=\"" + pick(new String[]{"UTF-16", "ISO-8859-1", "EBCDIC-CP-US",
                    "bogus", "UTF-32", "US-ASCII", "windows-1252", ""}) + "\"?>";
            case 4 -> "<?xml version=\"1.1\"?>";
            case 5 -> "<!-- " + "-".repeat(random.nextInt(3)) + " -->";
            case 6 -> "<?xml-stylesheet href=\"x\"?>";
            default -> "<!DOCTYPE clinical_study [<!ATTLIST clinical_study a CDATA \"d\">]>";
        };
        String body = rootAt < 0 ? doc : doc.substring(rootAt);
        String head = rootAt < 0 ? "" : doc.substring(0, rootAt);
        if (random.nextBoolean()) {
            head = head.replaceFirst("<\\?xml[^>]*\\?>", "");
            return prolog + head + body;
        }
        return head + prolog + body.replace("</brief_title>", (random.nextBoolean() ? "&b;" : "&x;") + "</brief_title>");
    }

    // ---- text ----

    private String insert(String doc, String word, int copies) {
        int at = doc.isEmpty() ? 0 : random.nextInt(doc.length() + 1);
        if (random.nextInt(3) == 0) {
            // at a line start, where headings and bullets count
            int nl = doc.lastIndexOf('\n', Math.max(0, at - 1));
            at = nl < 0 ? 0 : nl + 1;
            if (random.nextBoolean()) {
                word = word + "\n";
            }
        }
        return doc.substring(0, at) + word.repeat(copies) + doc.substring(at);
    }

    /** A long line of a parser's own vocabulary, optionally ended by a character that makes the last match fail. */
    private String backtrackText() {
        String unit = pick(BACKTRACK_UNITS);
        if (random.nextInt(3) == 0) {
            unit = unit + pick(BACKTRACK_UNITS);
        }
        int length = random.nextInt(4) == 0 ? 50_000 + random.nextInt(150_000) : 500 + random.nextInt(20_000);
        String tail = pick(new String[]{"", "!", "\u0000", "x", "9", " ", ")", "/", "ULN", ":"});
        return unit.repeat(Math.max(1, length / unit.length())) + tail;
    }

    private String backtrackLine(String doc) {
        String[] lines = doc.split("\n", -1);
        int i = random.nextInt(lines.length);
        String line = backtrackText();
        if (random.nextBoolean()) {
            lines[i] = (random.nextBoolean() ? "* " : "") + line;
        } else {
            lines[i] = lines[i] + " " + line;
        }
        return String.join("\n", lines);
    }

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    private String replaceNumber(String doc) {
        Matcher m = NUMBER.matcher(doc);
        List<int[]> numbers = new ArrayList<>();
        while (m.find() && numbers.size() < 2_000) {
            numbers.add(new int[]{m.start(), m.end()});
        }
        if (numbers.isEmpty()) {
            return insert(doc, pick(HUGE_NUMBERS), 1);
        }
        int[] n = numbers.get(random.nextInt(numbers.size()));
        return doc.substring(0, n[0]) + pick(HUGE_NUMBERS) + doc.substring(n[1]);
    }

    private String changeCase(String doc) {
        if (doc.isEmpty()) {
            return doc;
        }
        int from = random.nextInt(doc.length());
        int to = Math.min(doc.length(), from + 1 + random.nextInt(200));
        String part = doc.substring(from, to);
        return doc.substring(0, from) + (random.nextBoolean() ? part.toUpperCase(Locale.ROOT) : part.toLowerCase(Locale.ROOT)) + doc.substring(to);
    }

    private String pick(String[] words) {
        return words[random.nextInt(words.length)];
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
