"""Synthesised reasoning data: SFT samples (one per kept question) and preference pairs for alignment.

Samples carry the Document columns the mix reads (id, text, source, lang) and the annotations a stage-3
policy selects on (is_medical, department, quality_score), so they join a mix like any document.
"""

import pyarrow as pa

REASONING_STEP_TYPE = pa.struct([
    pa.field("text", pa.string()),
    pa.field("head", pa.string()),  # KG edge the step relies on
    pa.field("relation", pa.string()),
    pa.field("tail", pa.string()),
])

CHAT_MESSAGE_TYPE = pa.struct([pa.field("role", pa.string()), pa.field("content", pa.string())])

SYNTH_SAMPLE_SCHEMA = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("question", pa.string(), nullable=False),
    pa.field("options", pa.list_(pa.string())),  # empty for open-ended questions
    pa.field("steps", pa.list_(REASONING_STEP_TYPE)),
    pa.field("answer", pa.string(), nullable=False),
    pa.field("lang", pa.string(), nullable=False),
    pa.field("department", pa.string()),
    pa.field("path", pa.list_(pa.string())),  # KG node ids along the sampled path
    pa.field("question_type", pa.string()),
    pa.field("generator", pa.string()),
    pa.field("reward", pa.float64()),  # calibrated reward-model score in [0, 1]; not medical correctness
    pa.field("verified", pa.bool_()),
    pa.field("reflection_strategy", pa.string()),
    pa.field("attempts", pa.int64()),
    pa.field("messages", pa.list_(CHAT_MESSAGE_TYPE)),
    pa.field("text", pa.string(), nullable=False),  # the sample rendered as one training document
    pa.field("source", pa.string(), nullable=False),  # "synth/<generator>"
    pa.field("is_medical", pa.bool_()),  # always true: the mix's medical filters take synthesised samples
    pa.field("quality_score", pa.float64()),  # the reward rescaled so the keep threshold is 0.5 (mix tiers)
], metadata={"medcurate.table": "synth_sample"})

PREFERENCE_PAIR_SCHEMA = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("prompt", pa.list_(CHAT_MESSAGE_TYPE), nullable=False),
    pa.field("chosen", pa.list_(CHAT_MESSAGE_TYPE), nullable=False),
    pa.field("rejected", pa.list_(CHAT_MESSAGE_TYPE), nullable=False),
    pa.field("chosen_reward", pa.float64()),
    pa.field("rejected_reward", pa.float64()),
    pa.field("rejected_kind", pa.string()),  # why the rejected one failed (corruption type or verifier)
    pa.field("lang", pa.string()),
    pa.field("department", pa.string()),
], metadata={"medcurate.table": "preference_pair"})
