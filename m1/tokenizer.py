"""A Baichuan-M1-style tokenizer: byte-fallback BPE trained with Hugging Face `tokenizers` on a mix.

As the M1 report describes (§4.1, App. C): no normalisation (identity), numbers split into single
digits, whitespace-only pieces kept (code indentation survives), byte fallback for characters the
vocabulary lacks. Role tokens `<B_SYS>`, `<C_Q>`, `<C_A>` (and `<B_USYS>`, `<B_FUNC>`, `<B_CODE>`)
are special tokens; the chat format is `<B_SYS>{system}<C_Q>{user}<C_A>{assistant}</s>...` with
generation starting after `<C_A>` (M1_SPEC §5; the end-of-turn token is ours: the official one is
unverified). Saved as a standard `tokenizer.json` plus `tokenizer_config.json` with the template.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

SPECIAL_TOKENS = ["<pad>", "<s>", "</s>", "<B_SYS>", "<B_USYS>", "<C_Q>", "<C_A>", "<B_FUNC>", "<B_CODE>"]
BYTE_TOKENS = [f"<0x{b:02X}>" for b in range(256)]
DEFAULT_SYSTEM = "You are a helpful assistant."
CHAT_TEMPLATE = (
    "{% if messages[0]['role'] != 'system' %}<B_SYS>" + DEFAULT_SYSTEM + "{% endif %}"
    "{% for m in messages %}"
    "{% if m['role'] == 'system' %}<B_SYS>{{ m['content'] }}"
    "{% elif m['role'] == 'user' %}<C_Q>{{ m['content'] }}"
    "{% elif m['role'] == 'assistant' %}<C_A>{{ m['content'] }}</s>{% endif %}"
    "{% endfor %}{% if add_generation_prompt %}<C_A>{% endif %}"
)
# words with at most one leading space; runs of whitespace are pieces of their own
_PIECES = r" ?[^\s]+|\s+"


def frequent_characters(texts: Iterable[str], limit: int) -> list[str]:
    """The `limit` most frequent characters, ties broken by code point: a deterministic alphabet.
    (The trainer's own `limit_alphabet` cut sorts a hash map, so equally frequent characters at the
    cut made the vocabulary, and every id after it, differ from run to run.)"""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(text)
    return [char for char, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def train_tokenizer(texts: Sequence[str] | Callable[[], Iterable[str]], vocab_size: int = 32000,
                    min_frequency: int = 2):
    """A byte-fallback BPE tokenizer trained on `texts` (a `tokenizers.Tokenizer`); the same texts give
    the same tokenizer. `texts` is read twice (the alphabet, then the merges): a sequence, or a
    function that returns a fresh iterable each call (to stream a large mix); any other iterable is
    held in memory first."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

    if not callable(texts) and not isinstance(texts, Sequence):
        texts = list(texts)  # a one-shot iterator could not be read twice
    read = texts if callable(texts) else (lambda: texts)

    tokenizer = Tokenizer(models.BPE(byte_fallback=True))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.Split(Regex(_PIECES), behavior="isolated"),
    ])
    reserved = len(SPECIAL_TOKENS) + len(BYTE_TOKENS)
    learned_size = max(vocab_size - len(BYTE_TOKENS), len(SPECIAL_TOKENS) + 1)
    # rare characters are left to byte fallback (the report's 0.9999 character coverage), so a large
    # Chinese alphabet cannot crowd out the merges or push the vocabulary past vocab_size
    alphabet = frequent_characters(read(), max(64, (learned_size - len(SPECIAL_TOKENS)) // 2))
    # the alphabet given whole, and the limit equal to it: the trainer drops every other character
    trainer = trainers.BpeTrainer(vocab_size=learned_size, min_frequency=min_frequency, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=alphabet, limit_alphabet=len(alphabet), show_progress=False)
    tokenizer.train_from_iterator(read(), trainer=trainer)
    # byte tokens go into the vocabulary as ordinary entries (what byte_fallback looks up), after the specials
    spec = json.loads(tokenizer.to_str())
    learned = sorted(spec["model"]["vocab"].items(), key=lambda kv: kv[1])
    vocab = {token: i for i, token in enumerate(SPECIAL_TOKENS + BYTE_TOKENS)}
    for token, _ in learned:
        if token not in vocab:
            vocab[token] = len(vocab)
    merges = [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in spec["model"]["merges"]]
    rebuilt = Tokenizer(models.BPE(vocab=vocab, merges=merges, byte_fallback=True))
    rebuilt.pre_tokenizer = tokenizer.pre_tokenizer
    rebuilt.decoder = decoders.Sequence([decoders.ByteFallback(), decoders.Fuse()])
    rebuilt.add_special_tokens(SPECIAL_TOKENS)
    assert len(vocab) >= reserved
    return rebuilt


class M1Tokenizer:
    """tokenizer.json + chat template; ids of the special tokens as attributes."""

    def __init__(self, tokenizer, chat_template: str = CHAT_TEMPLATE):
        self.tokenizer = tokenizer
        self.chat_template = chat_template
        self.pad_id, self.bos_id, self.eos_id = (tokenizer.token_to_id(t) for t in ("<pad>", "<s>", "</s>"))

    @property
    def vocab_size(self) -> int:
        return self.tokenizer.get_vocab_size()

    def encode(self, text: str) -> list[int]:
        return self.tokenizer.encode(text, add_special_tokens=False).ids

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]

    def decode(self, ids: list[int], skip_special_tokens: bool = True) -> str:
        return self.tokenizer.decode(ids, skip_special_tokens=skip_special_tokens)

    def apply_chat_template(self, messages: list[dict], add_generation_prompt: bool = True) -> str:
        import jinja2

        for i, m in enumerate(messages):
            if m.get("role") not in ("system", "user", "assistant") or not isinstance(m.get("content"), str):
                raise ValueError(f"message {i}: needs role system|user|assistant and string content")
        return jinja2.Template(self.chat_template).render(messages=messages, add_generation_prompt=add_generation_prompt)

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.tokenizer.save(str(folder / "tokenizer.json"))
        (folder / "tokenizer_config.json").write_text(json.dumps({
            "tokenizer_class": "PreTrainedTokenizerFast", "chat_template": self.chat_template,
            "bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>",
            "additional_special_tokens": SPECIAL_TOKENS[3:], "model_max_length": 32768,
        }, ensure_ascii=False, indent=2))

    @classmethod
    def load(cls, folder: str | Path) -> "M1Tokenizer":
        from tokenizers import Tokenizer

        folder = Path(folder)
        if not (folder / "tokenizer.json").is_file():
            raise FileNotFoundError(f"{folder}: no tokenizer.json")
        config_file = folder / "tokenizer_config.json"
        template = json.loads(config_file.read_text()).get("chat_template", CHAT_TEMPLATE) if config_file.is_file() \
            else CHAT_TEMPLATE
        return cls(Tokenizer.from_file(str(folder / "tokenizer.json")), template)
