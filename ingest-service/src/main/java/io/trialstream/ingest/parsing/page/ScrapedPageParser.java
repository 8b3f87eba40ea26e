package io.trialstream.ingest.parsing.page;

import io.trialstream.contracts.TrialRecord;
import io.trialstream.ingest.parsing.InvalidDocumentException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Pages scraped from trial-finder sites, as plain text or HTML, in the three known layouts. The layout is chosen by
 * its headings and their order; values are then read under each heading by their shape. A page that matches no
 * layout is refused (422) with the headings each layout expects, rather than parsed into an empty or invented record.
 */
public final class ScrapedPageParser {
    public record ParsedPage(TrialRecord trial, String layout, String parserVersion) {
    }

    private final List<PageLayout> layouts = List.of(new PatientSiteLayout(), new HeadedSummaryLayout(),
            new RegistryMirrorLayout());

    public ParsedPage parseHtml(String html) {
        return parse(PageText.fromHtml(html));
    }

    public ParsedPage parseText(String text) {
        return parse(PageText.fromText(text));
    }

    private ParsedPage parse(List<String> lines) {
        PageLayout layout = choose(lines);
        if (layout == null) {
            throw new InvalidDocumentException(422, "UNRECOGNISED_PAGE", "the page has none of the heading layouts of a "
                    + "known trial-finder site; expected one of: " + expected()
                    + ", or a ClinicalTrials.gov API v2 JSON study or legacy <clinical_study> XML record");
        }
        PageSections sections = PageSections.of(lines, layout.headings());
        TrialDraft draft = new TrialDraft();
        layout.read(sections, lines, draft);
        return new ParsedPage(draft.build(lines), layout.name(), layout.parserVersion());
    }

    private PageLayout choose(List<String> lines) {
        PageLayout best = null;
        double bestScore = 0;
        for (PageLayout layout : layouts) {
            if (!layout.recognises(lines)) {
                continue;
            }
            double score = layout.score(lines);
            if (score > bestScore) {
                best = layout;
                bestScore = score;
            }
        }
        return best;
    }

    private String expected() {
        return layouts.stream().map(PageLayout::describe).collect(Collectors.joining("; "));
    }
}
