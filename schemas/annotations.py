"""Annotation columns that stages add to Documents.

Each stage declares which of these it adds; validation checks the type of every annotation
column present, so a later stage can rely on `dup_count` being int64 wherever it exists.
"""

import pyarrow as pa

# Heuristic quality statistics computed by the filter stage (pipeline/filters/quality_stats.py).
# Stats are columns first, thresholds decide second (Data-Juicer's split), so rules can be re-tuned
# on a filtered output without recomputing.
QUALITY_STAT_FIELDS = [
    pa.field("stat_chars", pa.int64()),  # characters after normalisation
    pa.field("stat_words", pa.int64()),  # whitespace words; each CJK character counts as one word
    pa.field("stat_lines", pa.int64()),
    pa.field("stat_cjk_frac", pa.float64()),  # Han characters / non-space characters
    pa.field("stat_mean_word_len", pa.float64()),  # over non-CJK words; null when there are none
    pa.field("stat_alpha_word_frac", pa.float64()),  # words containing a letter or Han character
    pa.field("stat_symbol_word_ratio", pa.float64()),  # ('#' + '...' + '…') / words
    pa.field("stat_stopwords", pa.int64()),  # English or Chinese function words
    pa.field("stat_bullet_line_frac", pa.float64()),
    pa.field("stat_ellipsis_line_frac", pa.float64()),
    pa.field("stat_terminal_punct_line_frac", pa.float64()),  # lines ending in . ! ? " or 。！？
    pa.field("stat_short_line_frac", pa.float64()),  # lines shorter than 30 characters
    pa.field("stat_dup_line_frac", pa.float64()),  # repeated lines / lines
    pa.field("stat_dup_line_char_frac", pa.float64()),  # characters in repeated lines / characters
    pa.field("stat_top_2gram_char_frac", pa.float64()),  # chars covered by the most frequent word 2-gram
    pa.field("stat_dup_5gram_char_frac", pa.float64()),  # chars covered by repeated word 5-grams
    pa.field("stat_special_char_frac", pa.float64()),  # not letter, digit, Han, space or punctuation
    pa.field("stat_replacement_char_frac", pa.float64()),  # U+FFFD, a sign of broken decoding
    pa.field("stat_has_lorem_ipsum", pa.bool_()),
    pa.field("stat_has_curly_bracket", pa.bool_()),
]

LANG_FIELDS = [
    pa.field("lang_score", pa.float64()),  # confidence of the detected language, 0..1
]

DEDUP_FIELDS = [
    pa.field("text_hash", pa.string()),  # hex xxh3-64 of the dedup-normalised text
    pa.field("dup_cluster", pa.string()),  # id shared by every member of a duplicate cluster
    pa.field("dup_count", pa.int64()),  # members of the cluster (1 = unique), kept by the survivor
]

CLASSIFY_FIELDS = [
    pa.field("is_medical", pa.bool_()),
    pa.field("medical_score", pa.float64()),
    pa.field("category", pa.string()),  # a classifiers/ taxonomy id (27 knowledge categories)
    pa.field("category_score", pa.float64()),
    pa.field("department", pa.string()),  # a clinical department id, null for general text
    pa.field("department_score", pa.float64()),
    pa.field("quality_score", pa.float64()),
    pa.field("medical_value_score", pa.float64()),
]

UPSAMPLE_FIELDS = [
    pa.field("tokens", pa.int64()),
    pa.field("quality_tier", pa.string()),
    pa.field("repeat", pa.float64()),  # expected epochs of this document before the mix caps it
]

ANNOTATION_FIELDS = LANG_FIELDS + QUALITY_STAT_FIELDS + DEDUP_FIELDS + CLASSIFY_FIELDS + UPSAMPLE_FIELDS
ANNOTATION_TYPES = {f.name: f.type for f in ANNOTATION_FIELDS}
