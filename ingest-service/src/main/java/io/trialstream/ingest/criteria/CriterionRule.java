package io.trialstream.ingest.criteria;

import java.util.List;

/** Finds one family of criteria in an item. Rules only find; polarity, exceptions and ids are settled afterwards. */
interface CriterionRule {

    void find(ItemText text, List<Finding> out);
}
