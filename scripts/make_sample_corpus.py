"""Generate MedCurate's bundled sample corpus (data/sample) deterministically.

    python scripts/make_sample_corpus.py [--out data/sample] [--seed 7]

The same seed gives byte-identical files. Every planted defect (malformed rows, exact and near
duplicates, low-quality documents) is listed in planted.json. All text comes from text_bank.py and the
small banks below, written for MedCurate (Apache-2.0).
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parent))
import text_bank as tb  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TOO_LARGE_BYTES = 1_100_000

# file -> (id prefix, id field, text field)
FILES = {
    "zh_medical.jsonl.gz": ("zhm", "doc_id", "content"),
    "en_medical.jsonl.zst": ("enm", "id", "text"),
    "zh_general_gb18030.jsonl": ("zhg", "id", "text"),
    "en_general.parquet": ("eng", "id", "text"),
    "mixed_bom.jsonl": ("mix", "id", "text"),
    "forum.tsv": ("forum", "id", "text"),
    "notes_txt": ("note", "id", "text"),
}
BASE_COUNTS = {"zh_medical.jsonl.gz": 650, "en_medical.jsonl.zst": 560, "zh_general_gb18030.jsonl": 350,
               "en_general.parquet": 450, "mixed_bom.jsonl": 220, "forum.tsv": 200}
NOTES_ZH, NOTES_EN = 14, 12


@dataclass
class Rec:
    file: str
    lang: str  # "zh" or "en" (mixed Chinese-English counts as zh; other-language junk as "xx")
    text: Any = None
    meta: dict = field(default_factory=dict)
    doc: tb.Composed | None = None
    raw: Callable[["Rec"], str | bytes] | None = None  # malformed row: builds the line itself
    kind: str | None = None
    id: str = ""
    line: int | None = None
    used: bool = False  # already the source of a planted item
    prefix: str = ""  # title line of a note, kept when the body is edited
    junk: str | None = None  # low-quality kind
    encoding: str = "utf-8"


# ---------------------------------------------------------------- low-quality text (junk)
_LOREM = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et "
          "dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea "
          "commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur "
          "excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum").split()
_SHORT = {"zh": ["谢谢医生！", "已解决，感谢。", "楼上说得对。", "顶一下", "同问，我也是这样。", "求助：头痛怎么办？", "收藏了",
                 "好的，明天去复查。", "有用，已转发。", "mark一下", "今天挂不上号。", "医生说没事。", "还在排队中……"],
          "en": ["Thanks, doctor!", "Same here.", "Bump.", "Any update?", "Solved, thank you.", "Great read.",
                 "Following this thread.", "Booked a follow-up.", "Useful, saved it.", "Page 2 coming soon.",
                 "My clinic is closed today.", "See above."]}
_TAGS = {"zh": "健康 养生 减肥 中医 食疗 好物推荐 打卡 涨知识 每日一练 关注我 热门 必看 秒懂 干货 转发".split(),
         "en": "health fitness wellness diet detox viral trending followme nofilter mustread lifehacks gains "
               "cleaneating selfcare motivation".split()}
_OTHER = {
    "fr": ["Le centre de santé du quartier ouvre ses portes le samedi matin pour les consultations sans rendez-vous.",
           "Les patients sont priés d'apporter leur carte vitale et la liste de leurs médicaments.",
           "Une infirmière mesure la tension artérielle et le poids avant chaque consultation.",
           "En cas de fièvre élevée chez un enfant, il vaut mieux appeler le service de garde avant de se déplacer.",
           "Le marché couvert accueille une vingtaine de producteurs locaux chaque mercredi.",
           "Les enfants de l'école primaire ont planté des tomates et des haricots dans le jardin partagé.",
           "Pensez à renouveler votre ordonnance une semaine avant la fin de votre traitement.",
           "La piscine municipale sera fermée pour travaux pendant tout le mois de novembre.",
           "Un atelier gratuit sur la prévention des chutes est proposé aux personnes âgées le jeudi.",
           "La randonnée autour du lac commence près de la vieille gare et dure environ trois heures.",
           "Il est conseillé d'emporter de l'eau et une veste légère, car le vent se lève souvent l'après-midi.",
           "Au retour, une petite boulangerie du village vend des tartes aux myrtilles encore tièdes."],
    "de": ["Die Hausarztpraxis bittet alle Patienten, sich vor dem Besuch telefonisch anzumelden.",
           "Bei Husten und Fieber steht ein separates Wartezimmer zur Verfügung.",
           "Blutabnahmen finden montags bis freitags zwischen sieben und neun Uhr statt, bitte nüchtern erscheinen.",
           "Rezepte für Dauermedikamente können auch per E-Mail bestellt und am nächsten Tag abgeholt werden.",
           "Der Wochenmarkt findet ab sofort auch am Donnerstagnachmittag statt.",
           "In der Stadtbibliothek gibt es jetzt eine Leseecke für Kinder mit vielen Bilderbüchern.",
           "Bitte bringen Sie zur Impfung Ihren Impfpass und Ihre Versichertenkarte mit.",
           "Das Freibad öffnet bei gutem Wetter schon um acht Uhr morgens.",
           "Für Senioren bietet der Sportverein einmal pro Woche einen Gymnastikkurs an.",
           "Im Stadtmuseum ist seit dieser Woche eine Ausstellung über die Geschichte der Brücken am Fluss zu sehen.",
           "Alte Pläne, Fotografien und ein großes Holzmodell zeigen, wie sich die Bauweise verändert hat.",
           "Am Sonntag lädt der Förderverein zu einem Vortrag über die Restaurierung der steinernen Bögen ein."],
    "es": ["El centro de salud recuerda a los vecinos que la campaña de vacunación contra la gripe empieza el lunes.",
           "Las personas mayores de sesenta y cinco años y las mujeres embarazadas tienen prioridad.",
           "No es necesario pedir cita previa, pero conviene llevar la tarjeta sanitaria.",
           "Después de la vacuna, se recomienda esperar quince minutos en la sala por si aparece algún mareo.",
           "La biblioteca del barrio ha ampliado su horario durante la época de exámenes.",
           "Cada sábado por la mañana se organiza una caminata por el parque para personas mayores.",
           "Si el dolor de cabeza dura más de tres días, conviene consultar con el médico de familia.",
           "El mercado municipal ofrece frutas de temporada a precios muy razonables.",
           "Los niños del colegio visitaron una granja y aprendieron a ordeñar una vaca.",
           "Para preparar una buena tortilla de patatas hacen falta paciencia y un fuego suave.",
           "Las patatas se cortan en láminas finas y se pochan en aceite con un poco de cebolla.",
           "Al darle la vuelta con un plato, la tortilla debe quedar dorada por fuera y jugosa por dentro."],
    "ja": ["当院では、発熱やせきのある方の診察を午後の時間帯に行っています。", "受診の前に必ずお電話でご連絡ください。",
           "保険証とお薬手帳を忘れずにお持ちください。", "小さなお子さまの場合は、体温の記録があると診察に役立ちます。",
           "図書館は毎週月曜日が休館日です。", "健康診断の前日は、夜九時以降の食事を控えてください。",
           "公園の桜は今週末が見ごろになりそうです。", "雨の日は滑りやすいので、足元に十分お気をつけください。",
           "市民プールは夏休みの間、午後八時まで営業しています。", "駅前の商店街では、毎月第二土曜日に朝市が開かれています。", "地元の農家が育てた野菜や果物が手ごろな値段で並びます。",
           "午前十時を過ぎると人気の品はすぐに売り切れてしまいます。"],
    "ko": ["우리 병원은 평일 오전 아홉 시부터 오후 여섯 시까지 외래 진료를 합니다.", "처음 오시는 분은 신분증을 꼭 챙겨 오시기 바랍니다.",
           "혈액 검사가 예정된 경우에는 전날 밤부터 금식해 주세요.", "검사 결과는 일주일 안에 문자로 안내해 드립니다.",
           "도서관은 매주 월요일에 문을 닫습니다.", "건강 검진 전날에는 밤 아홉 시 이후로 음식을 드시지 마세요.",
           "공원의 벚꽃은 이번 주말에 가장 아름다울 것 같습니다.", "비 오는 날에는 길이 미끄러우니 조심하시기 바랍니다.",
           "시립 수영장은 여름 방학 동안 저녁 여덟 시까지 운영합니다.", "이번 주말에는 강변 공원에서 작은 음악 축제가 열립니다.", "지역 학생들로 구성된 합주단이 첫 무대를 장식할 예정입니다.",
           "비가 오면 행사는 다음 주로 미뤄집니다."],
    "ru": ["Поликлиника напоминает, что запись к терапевту открывается за две недели.",
           "Перед сдачей анализа крови нельзя завтракать, можно пить только воду.",
           "Если у ребёнка высокая температура, лучше вызвать врача на дом.",
           "Результаты обследования можно получить в регистратуре или в личном кабинете на сайте.",
           "Городской рынок теперь открыт и по четвергам после обеда.",
           "Перед прививкой не забудьте взять с собой паспорт и полис.",
           "В парке по субботам проходит бесплатная утренняя зарядка для пенсионеров.",
           "Бассейн закрыт на ремонт до конца ноября.", "Школьники посадили во дворе яблони и берёзы.",
           "Летом в нашем городе открылась новая библиотека с большим читальным залом.",
           "По выходным там проходят встречи с местными писателями и занятия для детей.",
           "Библиотека работает ежедневно, кроме понедельника."],
}
_JS_NAMES = "widget panel slider banner counter tracker popup menu gallery ticker modal chart".split()
_JS = [
    """function init_{a}{n}(config) {{\n  var el = document.getElementById("{a}-{n}");\n  if (!el) {{ return null; }}\n"""
    """  for (var i = 0; i < config.items.length; i++) {{\n    el.innerHTML += "<li>" + config.items[i].label + "</li>";\n"""
    """  }}\n  return {{ el: el, size: config.items.length }};\n}}""",
    """var {b}State = {{ open: false, retries: {m}, color: "{c}" }};\ndocument.addEventListener("click", function (evt) {{\n"""
    """  if (evt.target.dataset.toggle === "{b}") {{ {b}State.open = !{b}State.open; evt.preventDefault(); }}\n}});""",
    """$(".{a}-list").each(function (idx) {{ $(this).css({{ "margin-top": idx * {m} + "px" }}); }});\n"""
    """setTimeout(function () {{ window.location.hash = "#{b}"; }}, {n});""",
    """const fetch{b} = async (page = 1) => {{\n  const res = await fetch(`/api/{b}?page=${{page}}&limit={m}`);\n"""
    """  if (!res.ok) {{ throw new Error("HTTP " + res.status); }}\n  return (await res.json()).data.map((x) => ({{ id: x.id, v: x.value * {k} }}));\n}};""",
    """window.__cfg_{k} = {{ theme: "{c}", items: [{{ label: "a{n}" }}, {{ label: "b{m}" }}], debug: false }};""",
]


def junk_text(rng: random.Random, kind: str, lang: str, serial: int, banks: dict[str, list[str]]) -> str:
    """One low-quality document; `banks` holds this run's unused short texts and other-language sentences."""
    zh = lang == "zh"
    if kind == "too_short":
        return banks[lang].pop(rng.randrange(len(banks[lang])))
    if kind == "repeated_lines":
        doc = tb.compose(rng, lang, rng.choice(tb.DOMAINS))
        line = doc.title() + (" " if lang == "en" else "｜") + doc.footer()
        return "\n".join([line] * rng.randint(20, 40))
    if kind == "lorem_ipsum":
        sents = ["Lorem ipsum dolor sit amet, consectetur adipiscing elit."]
        for _ in range(rng.randint(4, 8)):
            words = rng.sample(_LOREM, rng.randint(7, 14))
            sents.append(" ".join(words).capitalize() + ".")
        head = "【占位文本，请替换】" if zh else ""
        return head + " ".join(sents)
    if kind == "symbol_spam":
        tags = [f"#{rng.choice(_TAGS[lang])}" for _ in range(rng.randint(30, 60))]
        return " ".join(tags) + (" 👍" * rng.randint(1, 4))
    if kind == "bullet_ellipsis":
        mark = rng.choice(("•", "-", "▶", "*"))
        dots = "……" if zh else "..."
        doc = tb.compose(rng, lang, rng.choice(tb.DOMAINS))
        return "\n".join(f"{mark} {doc.title()}{dots}" for _ in range(rng.randint(8, 15)))
    if kind == "mojibake":
        text = tb.compose_document(rng, lang, rng.choice(tb.DOMAINS), n_sentences=rng.randint(4, 7))
        if zh:  # GB18030 bytes read as UTF-8
            return text.encode("gb18030").decode("utf-8", errors="replace")
        words = text.split(" ")
        return " ".join(w[:1] + "\ufffd\ufffd" + w[2:] if len(w) > 3 and rng.random() < 0.35 else w for w in words)
    if kind == "code":
        return "\n".join(rng.sample(_JS, rng.randint(2, 3))).format(
            a=rng.choice(_JS_NAMES), b=rng.choice(_JS_NAMES), n=rng.randint(100, 999), m=rng.randint(2, 60),
            k=serial, c=rng.choice(("#fff", "#333", "#e4e4e4", "red")))
    if kind == "other_language":  # three sentences not used by any other document
        bank = banks[lang]
        return ("" if lang == "ja" else " ").join(bank.pop() for _ in range(3))
    raise ValueError(kind)


# ---------------------------------------------------------------- similarity and edits
def shingles(text: str, lang: str) -> set[str]:
    if lang == "en":
        w = re.findall(r"\w+", text.lower())
        return {" ".join(w[i:i + 5]) for i in range(len(w) - 4)}
    t = re.sub(r"\s+", "", text)
    return {t[i:i + 5] for i in range(len(t) - 4)}


def jaccard(a: str, b: str, lang: str) -> float:
    x, y = shingles(a, lang), shingles(b, lang)
    return len(x & y) / len(x | y) if x | y else 1.0


def _word_change(rng: random.Random, doc: tb.Composed, blocks: list[list[str]]) -> bool:
    lists = [v for k, v in doc.ctx.vocab.items() if k != "label"] + [tb.COMMON[doc.lang]["city"]]
    spots = [(b, i, term, items) for b, block in enumerate(blocks) for i, s in enumerate(block)
             for items in lists for term in items if len(term) >= 2 and term in s]
    if not spots:
        return False
    b, i, term, items = rng.choice(spots)
    other = rng.choice([t for t in items if t != term and term not in t and t not in term])
    blocks[b][i] = blocks[b][i].replace(term, other, 1)
    return True


def edit_once(rng: random.Random, doc: tb.Composed, blocks: list[list[str]], kind: str) -> bool:
    if kind == "word_change":
        return _word_change(rng, doc, blocks)
    if kind == "sentence_insert":
        b = rng.randrange(len(blocks))
        blocks[b].insert(rng.randint(1, len(blocks[b])), doc.extra_sentence())
        return True
    if kind == "sentence_delete":
        options = [(b, i) for b, block in enumerate(blocks) for i in range(1, len(block))]
        if not options:
            return False
        b, i = rng.choice(options)
        del blocks[b][i]
        return True
    if kind == "sentence_swap":
        options = [(b, i) for b, block in enumerate(blocks) for i in range(1, len(block) - 1)
                   if block[i] != block[i + 1]]
        if not options:
            return False
        b, i = rng.choice(options)
        blocks[b][i], blocks[b][i + 1] = blocks[b][i + 1], blocks[b][i]
        return True
    raise ValueError(kind)


EDITS = ("word_change", "sentence_insert", "sentence_delete", "sentence_swap")


def near_copy(rng: random.Random, doc: tb.Composed, original: str, start: list[list[str]], lo: float, hi: float,
              first: str | None, done_before: tuple[str, ...] = ()) -> tuple[list[list[str]], list[str]] | None:
    """Edit a copy of `start` until its 5-gram Jaccard with `original` falls in [lo, hi]; None when it cannot."""
    for _ in range(12):
        blocks = [list(b) for b in start]
        done: list[str] = list(done_before)
        kind = first
        for _ in range(16):
            if kind and edit_once(rng, doc, blocks, kind):
                done.append(kind)
            j = jaccard(original, tb.render(blocks, doc.lang), doc.lang)
            if j < lo:
                break
            if j <= hi and done:
                return blocks, done
            kind = rng.choice(EDITS)
    return None


# ---------------------------------------------------------------- records and metadata
def _date(rng: random.Random) -> str:
    return f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def make_meta(rng: random.Random, file: str, doc: tb.Composed | None, title: str | None = None) -> dict:
    topic = doc.topic if doc else None
    med = doc is None or doc.domain == "medical"
    if file == "zh_medical.jsonl.gz":
        t = topic if (topic and med) else rng.choice(tb.MEDICAL_TOPICS)
        return {"department": tb.VOCAB["zh"]["medical"][t]["label"],
                "url": f"https://health.example.cn/{t}/{rng.randint(100000, 999999)}.html", "date": _date(rng)}
    if file == "en_medical.jsonl.zst":
        t = topic if (topic and med) else rng.choice(tb.MEDICAL_TOPICS)
        return {"department": t, "title": title or (doc.title() if doc else "Reader question")}
    if file == "zh_general_gb18030.jsonl":
        t = topic if (topic and not med) else rng.choice(tb.GENERAL_TOPICS)
        return {"topic": tb.VOCAB["zh"]["general"][t]["label"]}
    if file == "en_general.parquet":
        title = title or (doc.title() if doc else "Untitled post")
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:6]) or "post"
        return {"url": f"https://www.example.org/{topic or 'misc'}/{slug}-{rng.randint(1000, 9999)}", "title": title}
    if file == "forum.tsv":
        return {"source_url": f"https://forum.example.net/t/{rng.randint(10000, 99999)}"}
    return {}


_TOKEN = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]+(?:['-][a-z0-9]+)*")
_FUNCTION_CHARS = "的了是在和有不这也就都与及或而但"


def plausible(text: str, lang: str) -> bool:
    """Rough Gopher-style checks, so that clean sample documents do not look low-quality by accident:
    at least 60 words (Han characters count as words), little repetition of 2-grams and 5-grams, and
    (Chinese) a few function characters."""
    toks = _TOKEN.findall(text.lower())
    if len(toks) < 60 or (lang == "zh" and sum(text.count(c) for c in _FUNCTION_CHARS) < 4):
        return False
    chars = sum(len(t) for t in toks)
    (a, b), top = collections.Counter(zip(toks, toks[1:])).most_common(1)[0]
    if top * (len(a) + len(b)) > 0.15 * chars:
        return False
    five = [tuple(toks[i:i + 5]) for i in range(len(toks) - 4)]
    seen = collections.Counter(five)
    covered = [False] * len(toks)
    for i, g in enumerate(five):
        if seen[g] > 1:
            covered[i:i + 5] = [True] * 5
    return sum(len(t) for t, c in zip(toks, covered) if c) <= 0.1 * chars


def new_doc(rng: random.Random, lang: str, domain: str, style: str | None = None, mixed: bool = False) -> tb.Composed:
    """A composed document that passes `plausible` (redrawn until it does)."""
    while True:
        doc = tb.compose(rng, lang, domain, style=style)
        if mixed:
            tb.add_english_terms(doc)
        if plausible(doc.text, lang):
            return doc


def base_records(rng: random.Random) -> dict[str, list[Rec]]:
    files: dict[str, list[Rec]] = {name: [] for name in FILES}

    def add(file: str, doc: tb.Composed, prefix: str = "") -> Rec:
        rec = Rec(file, doc.lang, prefix + doc.text, make_meta(rng, file, doc), doc, prefix=prefix)
        files[file].append(rec)
        return rec

    for _ in range(BASE_COUNTS["zh_medical.jsonl.gz"]):
        add("zh_medical.jsonl.gz", new_doc(rng, "zh", "medical"))
    for _ in range(BASE_COUNTS["en_medical.jsonl.zst"]):
        add("en_medical.jsonl.zst", new_doc(rng, "en", "medical"))
    for _ in range(BASE_COUNTS["zh_general_gb18030.jsonl"]):
        add("zh_general_gb18030.jsonl", new_doc(rng, "zh", "general"))
    for _ in range(BASE_COUNTS["en_general.parquet"]):
        add("en_general.parquet", new_doc(rng, "en", "general"))
    for _ in range(BASE_COUNTS["mixed_bom.jsonl"]):
        r = rng.random()
        if r < 0.4:
            add("mixed_bom.jsonl", new_doc(rng, "zh", "medical", mixed=True))
        else:
            lang, domain = ("zh", "medical") if r < 0.6 else ("en", "medical") if r < 0.85 else \
                (rng.choice(tb.LANGS), "general")
            add("mixed_bom.jsonl", new_doc(rng, lang, domain))
    for _ in range(BASE_COUNTS["forum.tsv"]):
        doc = new_doc(rng, rng.choice(tb.LANGS), "medical" if rng.random() < 0.6 else "general")
        rec = add("forum.tsv", doc)
        if rng.random() < 0.12:  # a tab inside the text: the field must be quoted
            sep = "。" if doc.lang == "zh" else ". "
            rec.text = rec.text.replace(sep, sep.strip() + "\t", 1)
            rec.used = True
    for lang, count in (("zh", NOTES_ZH), ("en", NOTES_EN)):
        for _ in range(count):
            domain = "medical" if rng.random() < 0.8 else "general"
            style = rng.choice(("note", "note", "abstract", "encyclopedia", "howto")) if domain == "medical" else None
            doc = new_doc(rng, lang, domain, style=style)
            add("notes_txt", doc, prefix=doc.title() + "\n\n")
    return files


# ---------------------------------------------------------------- malformed rows
def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def malformed(rng: random.Random, file: str, kind: str) -> Rec:
    _, id_key, text_key = FILES[file]
    lang = "en" if file.startswith("en_") else "zh"
    doc = new_doc(rng, lang, "medical" if "medical" in file or file == "mixed_bom.jsonl" else "general")
    meta = make_meta(rng, file, doc)
    text = doc.text
    rec = Rec(file, lang, kind=kind)

    def obj(r: Rec, value: Any = text, drop: bool = False, rid: Any = None) -> dict:
        out = {id_key: r.id if rid is None else rid}
        if not drop:
            out[text_key] = value
        out.update(meta)
        return out

    if file == "forum.tsv":
        url, short = meta["source_url"], text.split("\n")[0]
        punct = rng.choice(("!!!???...", "。。。！！！", "……！？！？"))
        wide = rng.random() < 0.5  # bad_csv_row: 5 fields instead of 3, or only 2
        rows = {"bad_csv_row": lambda r: [r.id, short, url, "extra", "field"] if wide else [r.id, short],
                "empty_text": lambda r: [r.id, "", url], "whitespace_text": lambda r: [r.id, "  \t  ", url],
                "punctuation_only": lambda r: [r.id, punct, url]}
        rec.raw = rows[kind]
        return rec
    punct = rng.choice(("。。。！！！", "？？？……", "！！！。。。？？？") if lang == "zh" else ("!!!???...", "?!?!...", "...!!!"))
    if kind == "invalid_json":
        rec.raw = lambda r: _dumps(obj(r))[: len(_dumps(obj(r))) * 3 // 5]  # cut mid-record
    elif kind == "not_an_object":
        rec.raw = lambda r: _dumps([r.id, text])
    elif kind == "missing_text":
        rec.raw = lambda r: _dumps(obj(r, drop=True))
    elif kind == "text_null":
        rec.raw = lambda r: _dumps(obj(r, None))
    elif kind == "text_not_string":  # a list in en_medical, a number elsewhere
        value = text.split(". ")[:3] if file == "en_medical.jsonl.zst" else rng.choice((42, 3.14, 0))
        rec.raw = lambda r: _dumps(obj(r, value))
    elif kind == "id_not_scalar":
        rec.raw = lambda r: _dumps(obj(r, rid={"site": "example", "n": int(r.id.split("-")[-1])}))
    elif kind == "empty_text":
        rec.raw = lambda r: _dumps(obj(r, ""))
    elif kind == "whitespace_text":
        blank = rng.choice(("   ", " \t\n ", "\u3000\u3000 "))
        rec.raw = lambda r: _dumps(obj(r, blank))
    elif kind == "punctuation_only":
        rec.raw = lambda r: _dumps(obj(r, punct))
    elif kind == "blank_line":
        rec.raw = lambda r: ""
    elif kind == "invalid_encoding":
        cut = len(text) // 2
        bad = text[:cut] + "@@BAD@@" + text[cut:]
        rec.raw = lambda r: _dumps(obj(r, bad)).encode("utf-8").replace(b"@@BAD@@", b"\xff\xfe\x80")
    elif kind == "invalid_unicode":
        sur = text[:40] + "@@SUR@@" + text[40:80]
        rec.raw = lambda r: _dumps(obj(r, sur)).replace("@@SUR@@", "\\ud800")
    elif kind == "too_large":
        para_text = ("" if lang == "zh" else " ").join(max(doc.blocks, key=lambda b: len("".join(b))))
        reps = TOO_LARGE_BYTES // len(para_text.encode("utf-8")) + 2
        big = "\n".join([para_text] * reps)
        rec.raw = lambda r: _dumps(obj(r, big))
    else:
        raise ValueError(kind)
    return rec


MALFORMED = {
    "zh_medical.jsonl.gz": ["invalid_json", "not_an_object", "missing_text", "text_null", "text_not_string",
                            "id_not_scalar", "empty_text", "whitespace_text", "punctuation_only", "too_large",
                            "blank_line", "invalid_unicode"],
    "en_medical.jsonl.zst": ["invalid_json", "missing_text", "text_null", "text_not_string", "invalid_encoding",
                             "empty_text", "punctuation_only", "too_large", "blank_line"],
    "zh_general_gb18030.jsonl": ["invalid_json", "not_an_object", "text_null", "whitespace_text", "punctuation_only",
                                 "blank_line"],
    "mixed_bom.jsonl": ["invalid_encoding", "invalid_json", "invalid_unicode", "text_not_string", "id_not_scalar",
                        "empty_text", "blank_line", "missing_text"],
    "forum.tsv": ["bad_csv_row", "bad_csv_row", "empty_text", "whitespace_text", "punctuation_only"],
}


# ---------------------------------------------------------------- duplicates and junk
ZH_FILES = ["zh_medical.jsonl.gz", "zh_general_gb18030.jsonl", "mixed_bom.jsonl", "forum.tsv"]
EN_FILES = ["en_medical.jsonl.zst", "en_general.parquet", "mixed_bom.jsonl", "forum.tsv"]
CROSS = {"zh_medical.jsonl.gz": ["mixed_bom.jsonl", "forum.tsv", "zh_general_gb18030.jsonl"],
         "en_medical.jsonl.zst": ["en_general.parquet", "mixed_bom.jsonl", "forum.tsv"],
         "zh_general_gb18030.jsonl": ["forum.tsv", "mixed_bom.jsonl"],
         "en_general.parquet": ["forum.tsv", "en_medical.jsonl.zst"],
         "mixed_bom.jsonl": ["zh_medical.jsonl.gz", "forum.tsv"],
         "forum.tsv": ["mixed_bom.jsonl", "zh_medical.jsonl.gz", "en_medical.jsonl.zst"],
         "notes_txt": ["notes_txt"]}
# (source file, exact groups, near groups)
DUP_PLAN = [("zh_medical.jsonl.gz", 10, 10), ("en_medical.jsonl.zst", 9, 9), ("zh_general_gb18030.jsonl", 6, 6),
            ("en_general.parquet", 7, 7), ("mixed_bom.jsonl", 4, 3), ("forum.tsv", 4, 3), ("notes_txt", 0, 2)]
BANDS = [(0.85, 0.95), (0.85, 0.95), (0.7, 0.85), (0.7, 0.85), (0.62, 0.7), (0.5, 0.62)]
FIRST_EDITS = ["word_change", "sentence_insert", "sentence_delete", "sentence_swap", "footer"]
JUNK_COUNTS = {"too_short": 20, "repeated_lines": 16, "lorem_ipsum": 14, "symbol_spam": 16, "bullet_ellipsis": 16,
               "mojibake": 16, "code": 14, "other_language": 24}


def _pick_source(rng: random.Random, recs: list[Rec], need_doc: bool) -> Rec:
    """An unused clean record; near-duplicate sources need their sentence blocks and at least 6 sentences."""
    pool = [r for r in recs if not r.used and r.raw is None
            and (not need_doc or (r.doc is not None and sum(len(b) for b in r.doc.blocks) >= 6))]
    rec = rng.choice(pool)
    rec.used = True
    return rec


def _target(rng: random.Random, src: str, lang: str, same_share: float) -> str:
    if rng.random() < same_share:
        return src
    options = [f for f in CROSS[src] if f in (ZH_FILES if lang == "zh" else EN_FILES) or f == "notes_txt"]
    return rng.choice(options) if options else src


def _clone(rng: random.Random, src: Rec, file: str, text: str) -> Rec:
    return Rec(file, src.lang, text, make_meta(rng, file, src.doc, src.meta.get("title")), src.doc, used=True)


def plant_duplicates(rng: random.Random, files: dict[str, list[Rec]]) -> tuple[list[dict], list[Rec]]:
    groups: list[dict] = []
    extra: list[Rec] = []  # new records, placed later
    g = 0
    for src_file, n_exact, _ in DUP_PLAN:
        for _ in range(n_exact):
            src = _pick_source(rng, files[src_file], need_doc=False)
            members = [src]
            edit = None
            for _ in range(2 if g % 8 == 3 else 1):  # every eighth group has three members
                target = _target(rng, src_file, src.lang, 0.6)
                text = src.text
                if g % 6 == 1 or (g % 6 == 4 and src.lang != "en"):
                    edit = "whitespace"
                    if src.lang == "en" and rng.random() < 0.5:
                        spaces = [m.start() for m in re.finditer(" ", text)]
                        k = rng.choice(spaces)
                        text = text[:k] + "  " + text[k + 1:]
                    else:
                        text = text + rng.choice(("   ", " \n", "\t "))
                elif g % 6 == 4:
                    edit = "case"
                    first, _, rest = text.partition(" ")
                    text = first.upper() + " " + rest
                members.append(_clone(rng, src, target, text))
            extra.extend(members[1:])
            group = {"kind": "exact_duplicate", "members": members}
            if edit:
                group["edit"] = edit
            groups.append(group)
            g += 1
    # two exact copies into notes_txt (a note that also appears in a JSONL file)
    for src_file in ("zh_medical.jsonl.gz", "en_medical.jsonl.zst"):
        src = _pick_source(rng, files[src_file], need_doc=False)
        copy = _clone(rng, src, "notes_txt", src.text)
        extra.append(copy)
        groups.append({"kind": "exact_duplicate", "members": [src, copy]})
    # near duplicates
    n = 0
    for src_file, _, n_near in DUP_PLAN:
        for k in range(n_near):
            chain = (src_file == "zh_medical.jsonl.gz" and k == 0) or (src_file == "en_general.parquet" and k == 0)
            for _attempt in range(20):
                src = _pick_source(rng, files[src_file], need_doc=True)
                made = _near_group(rng, src, n, chain)
                if made:
                    break
            else:
                raise RuntimeError("could not build a near-duplicate group")
            members, edits = made
            extra.extend(members[1:])
            groups.append({"kind": "near_duplicate", "members": members, "edit": edits})
            n += 1
    return groups, extra


def _near_group(rng: random.Random, src: Rec, n: int, chain: bool) -> tuple[list[Rec], str] | None:
    doc = src.doc
    prefix = src.prefix
    base = [list(b) for b in doc.blocks]
    target = _target(rng, src.file, src.lang, 0.7)
    if chain:
        first = near_copy(rng, doc, tb.render(base, doc.lang), base, 0.76, 0.86, "word_change")
        if not first:
            return None
        b_blocks, e1 = first
        second = near_copy(rng, doc, tb.render(b_blocks, doc.lang), b_blocks, 0.76, 0.86, "sentence_insert")
        if not second:
            return None
        c_blocks, e2 = second
        b = _clone(rng, src, src.file, prefix + tb.render(b_blocks, doc.lang))
        c = _clone(rng, src, target, prefix + tb.render(c_blocks, doc.lang))
        return [src, b, c], f"chain: A->B {'+'.join(e1)}; B->C {'+'.join(e2)}"
    lo, hi = BANDS[n % len(BANDS)]
    kind = FIRST_EDITS[n % len(FIRST_EDITS)]
    if kind == "footer":
        f1 = doc.footer()
        f2 = doc.footer()
        while f2 == f1:
            f2 = doc.footer()
        original = base + [[f1]]
        made = near_copy(rng, doc, tb.render(original, doc.lang), base + [[f2]], lo, hi, None, ("footer",))
        if not made:
            return None
        src.text = prefix + tb.render(original, doc.lang)
    else:
        made = near_copy(rng, doc, tb.render(base, doc.lang), base, lo, hi, kind)
        if not made:
            return None
    blocks, edits = made
    copy = _clone(rng, src, target, prefix + tb.render(blocks, doc.lang))
    return [src, copy], "+".join(edits)


def plant_junk(rng: random.Random) -> list[Rec]:
    out = []
    other = ["fr", "de", "es", "ja", "ko", "ru"]
    banks = {k: list(v) for k, v in {**_SHORT, **_OTHER}.items()}
    for k in other:
        rng.shuffle(banks[k])
    serial = 0
    for kind, count in JUNK_COUNTS.items():
        for i in range(count):
            serial += 1
            if kind == "other_language":
                lang = other[i % len(other)]
                file = ["en_general.parquet", "mixed_bom.jsonl", "forum.tsv", "zh_general_gb18030.jsonl"][i % 4]
            else:
                lang = "zh" if i % 2 == 0 else "en"
                file = (ZH_FILES if lang == "zh" else EN_FILES)[(i // 2) % 4]
            text = junk_text(rng, kind, lang, serial, banks)
            out.append(Rec(file, lang if lang in ("zh", "en") else "xx", text, make_meta(rng, file, None),
                           used=True, junk=kind))
    return out


# ---------------------------------------------------------------- writing
def _place(rng: random.Random, files: dict[str, list[Rec]], recs: list[Rec]) -> None:
    for rec in recs:
        if rec.file == "notes_txt":
            files["notes_txt"].append(rec)
            continue
        lst = files[rec.file]
        lst.insert(rng.randint(1, len(lst) - 1), rec)


def _assign_ids(files: dict[str, list[Rec]]) -> None:
    for file, recs in files.items():
        prefix = FILES[file][0]
        if file == "notes_txt":
            counters = {"zh": 0, "en": 0}
            for rec in recs:
                counters[rec.lang] += 1
                rec.id = f"note_{rec.lang}_{counters[rec.lang]:03d}.txt"
        else:
            for k, rec in enumerate(recs, start=1):
                rec.id = f"{prefix}-{k:05d}"


def _jsonl_bytes(file: str, recs: list[Rec], encoding: str) -> bytes:
    _, id_key, text_key = FILES[file]
    lines = []
    for number, rec in enumerate(recs, start=1):
        rec.line = number
        if rec.raw is not None:
            line = rec.raw(rec)
        else:
            line = json.dumps({id_key: rec.id, text_key: rec.text, **rec.meta}, ensure_ascii=False)
        lines.append(line if isinstance(line, bytes) else line.encode(encoding))
    return b"\n".join(lines) + b"\n"


def _tsv_bytes(recs: list[Rec]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter="\t")
    writer.writerow(["id", "text", "source_url"])
    line = 2
    for rec in recs:
        rec.line = line
        before = buf.tell()
        writer.writerow(rec.raw(rec) if rec.raw is not None else [rec.id, rec.text, rec.meta["source_url"]])
        line += buf.getvalue()[before:].count("\n")
    return buf.getvalue().encode("utf-8")


def write_all(out: Path, files: dict[str, list[Rec]]) -> None:
    with open(out / "zh_medical.jsonl.gz", "wb") as fh:
        with gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as gz:
            gz.write(_jsonl_bytes("zh_medical.jsonl.gz", files["zh_medical.jsonl.gz"], "utf-8"))
    data = _jsonl_bytes("en_medical.jsonl.zst", files["en_medical.jsonl.zst"], "utf-8")
    (out / "en_medical.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    (out / "zh_general_gb18030.jsonl").write_bytes(
        _jsonl_bytes("zh_general_gb18030.jsonl", files["zh_general_gb18030.jsonl"], "gb18030"))
    bom = b"\xef\xbb\xbf"
    (out / "mixed_bom.jsonl").write_bytes(bom + _jsonl_bytes("mixed_bom.jsonl", files["mixed_bom.jsonl"], "utf-8"))
    (out / "forum.tsv").write_bytes(_tsv_bytes(files["forum.tsv"]))
    recs = files["en_general.parquet"]
    for row, rec in enumerate(recs, start=1):
        rec.line = row
    table = pa.table({"id": pa.array([r.id for r in recs], pa.string()),
                      "text": pa.array([r.text for r in recs], pa.string()),
                      "url": pa.array([r.meta["url"] for r in recs], pa.string()),
                      "title": pa.array([r.meta["title"] for r in recs], pa.string())})
    pq.write_table(table, out / "en_general.parquet")
    notes = out / "notes_txt"
    notes.mkdir()
    zh_count = 0
    for rec in files["notes_txt"]:
        data = rec.text.encode("utf-8")
        if rec.lang == "zh":
            zh_count += 1
        if rec.lang == "zh" and zh_count in (3, 7, 11):
            data = rec.text.encode("gb18030")
            rec.encoding = "gb18030"
        elif rec.id in ("note_zh_005.txt", "note_en_004.txt"):
            data = b"\xef\xbb\xbf" + data
            rec.encoding = "utf-8-sig"
        (notes / rec.id).write_bytes(data)


def _member_file(rec: Rec) -> str:
    return f"notes_txt/{rec.id}" if rec.file == "notes_txt" else rec.file


def planted_list(files: dict[str, list[Rec]], groups: list[dict], junk: list[Rec]) -> list[dict]:
    items: list[dict] = []
    for file, recs in files.items():
        for rec in recs:
            if rec.kind:
                items.append({"file": file, "line": rec.line, "kind": rec.kind})
    for group in groups:
        members = group["members"]
        item = {"kind": group["kind"], "ids": [m.id for m in members], "files": [_member_file(m) for m in members]}
        if "edit" in group:
            item["edit"] = group["edit"]
        if group["kind"] == "near_duplicate":
            lang = members[0].lang
            sims = [round(jaccard(a.text, b.text, lang), 3) for a, b in zip(members, members[1:])]
            if len(members) == 3:
                sims.append(round(jaccard(members[0].text, members[2].text, lang), 3))
            item["jaccard5"] = sims if len(sims) > 1 else sims[0]
        items.append(item)
    for rec in junk:
        items.append({"kind": rec.junk, "id": rec.id, "file": _member_file(rec)})
    return items


# ---------------------------------------------------------------- README and main
FORMATS = {
    "zh_medical.jsonl.gz": ("JSON Lines, gzip (mtime 0)", "UTF-8", "doc_id, content (text), department, url, date",
                            "Chinese medical"),
    "en_medical.jsonl.zst": ("JSON Lines, zstd", "UTF-8", "id, text, department, title", "English medical"),
    "zh_general_gb18030.jsonl": ("JSON Lines", "GB18030 (not UTF-8)", "id, text, topic", "Chinese general"),
    "en_general.parquet": ("Parquet (pyarrow defaults, snappy)", "UTF-8 strings", "id, text, url, title",
                           "English general"),
    "mixed_bom.jsonl": ("JSON Lines", "UTF-8 with BOM at the file start", "id, text",
                        "Chinese, English and Chinese text with English terms (CT, MRI, HbA1c, COVID-19)"),
    "forum.tsv": ("TSV from csv.writer(delimiter='\\t'), CRLF row ends, quoted fields may hold tabs/newlines",
                  "UTF-8", "id, text, source_url (header row)", "Chinese and English"),
    "notes_txt": ("one .txt file per document (title line, blank line, body)",
                  "UTF-8; 3 files GB18030; 2 files UTF-8 with BOM", "none: the id is the file name",
                  "Chinese and English clinical notes and articles"),
}


def readme(files: dict[str, list[Rec]], planted: list[dict], seed: int, sizes: dict[str, int]) -> str:
    kinds: dict[str, int] = {}
    bad: dict[str, list[str]] = {}
    for item in planted:
        kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
        if "line" in item:
            bad.setdefault(item["file"], []).append(item["kind"])
    fmt_rows = "\n".join(f"| `{f}` | {fmt} | {enc} | {fields} |" for f, (fmt, enc, fields, _) in FORMATS.items())
    count_rows = "\n".join(
        f"| `{f}` | {content} | {len(files[f])} | {sum(1 for r in files[f] if r.kind is None)} | {sizes[f]:,} | "
        f"{', '.join(sorted(set(bad.get(f, [])))) or '-'} |" for f, (_, _, _, content) in FORMATS.items())
    kind_rows = "\n".join(f"| `{k}` | {v} |" for k, v in sorted(kinds.items()))
    gb = ", ".join(r.id for r in files["notes_txt"] if r.encoding == "gb18030")
    bom = ", ".join(r.id for r in files["notes_txt"] if r.encoding == "utf-8-sig")
    return f"""# MedCurate sample corpus

Generated for MedCurate by `scripts/make_sample_corpus.py` (seed {seed}) from text written for the
project (`scripts/text_bank.py` and the small banks in the generator); it contains no third-party
text. Licence: Apache-2.0, like the rest of the repository. The documents are synthetic (slot-filled
templates): medical in form, not medical advice. Regenerate with

    python scripts/make_sample_corpus.py --out data/sample --seed {seed}

The same seed gives byte-identical files (gzip with mtime 0, one-shot zstd, pyarrow defaults).

## Files

| file | format | encoding | fields |
|---|---|---|---|
{fmt_rows}

| file | content | records | clean | bytes | malformed kinds planted |
|---|---|---|---|---|---|
{count_rows}

"records" counts every line or row, malformed ones included (for forum.tsv: records after the
header; a record may span several lines). "clean" leaves out the malformed rows; duplicates and
low-quality documents are valid records and count as clean. {sum(len(r) for r in files.values())} records in all.

Ids are unique across the corpus: `zhm-`, `enm-`, `zhg-`, `eng-`, `mix-`, `forum-` and a 5-digit
number; a text file's id is its file name (`note_zh_NNN.txt`, `note_en_NNN.txt`). GB18030 notes:
{gb}; UTF-8 with BOM: {bom}; the rest UTF-8. forum.tsv quotes fields holding tabs or newlines.

## What is planted (planted.json)

`planted.json` is a JSON list, one item per line; every planted item appears once.

* Malformed rows: `{{"file", "line", "kind"}}`, `line` being the 1-based line in the decompressed file
  (for forum.tsv the line where the record starts; the header is line 1; the BOM of mixed_bom.jsonl
  is part of line 1). Kinds: `invalid_json` (line cut short), `not_an_object` (JSON array),
  `missing_text`, `text_null`, `text_not_string` (a list in en_medical, a number elsewhere),
  `id_not_scalar` (the id is an object), `invalid_encoding` (bytes FF FE 80 inside the text),
  `empty_text`, `whitespace_text`, `punctuation_only`, `too_large` (over 1,100,000 UTF-8 bytes: a
  repeated paragraph), `blank_line`, `invalid_unicode` (a lone `\\ud800` escape in the text),
  `bad_csv_row` (TSV row with 2 or 5 fields instead of 3). The Parquet file and the notes have none.
* Exact duplicates: `{{"kind": "exact_duplicate", "ids": [...], "files": [...]}}`, the first id being
  the original; copies sit in the same file or in another file and format (notes included).
  `"edit": "whitespace"` (doubled or trailing whitespace) or `"case"` (first word upper-cased) marks
  copies equal to the original only after normalising whitespace or case.
* Near duplicates: `{{"kind": "near_duplicate", "ids": [...], "files": [...], "edit": "...",
  "jaccard5": ...}}`. Edits: `word_change`, `sentence_insert`, `sentence_delete`, `sentence_swap`,
  `footer` (a different boilerplate footer), joined with `+` when several were applied. `jaccard5` is
  the 5-gram Jaccard similarity (English: lower-cased word 5-grams; Chinese: 5-character grams with
  whitespace removed) of consecutive ids. Groups with three ids are chains A~B~C: `jaccard5` lists
  A~B, B~C and A~C, the last lower than both links. Documents outside a group are much less alike
  (seed 7: at most about 0.25 between ordinary documents, about 0.45 between two `code` snippets).
* Low-quality documents, valid records that quality filters should drop: `{{"kind", "id", "file"}}`,
  kinds `too_short` (under 30 characters), `repeated_lines`, `lorem_ipsum`, `symbol_spam` (hashtags),
  `bullet_ellipsis`, `mojibake` (U+FFFD), `code` (JavaScript) and `other_language` (French, German,
  Spanish, Japanese, Korean, Russian).

| kind | count |
|---|---|
{kind_rows}
"""


def build(out: Path, seed: int) -> dict:
    rng = random.Random(seed)
    files = base_records(rng)
    groups, copies = plant_duplicates(rng, files)
    junk = plant_junk(rng)
    bad = [malformed(rng, file, kind) for file, kinds in MALFORMED.items() for kind in kinds]
    _place(rng, files, copies + junk + bad)
    _assign_ids(files)
    if out.exists():
        for name in list(FILES) + ["planted.json", "README.md"]:
            path = out / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    out.mkdir(parents=True, exist_ok=True)
    write_all(out, files)
    planted = planted_list(files, groups, junk)
    body = ",\n".join(json.dumps(item, ensure_ascii=False) for item in planted)
    (out / "planted.json").write_text(f"[\n{body}\n]\n", encoding="utf-8")  # one item per line
    sizes = {name: (sum(p.stat().st_size for p in (out / name).iterdir()) if (out / name).is_dir()
                    else (out / name).stat().st_size) for name in FILES}
    (out / "README.md").write_text(readme(files, planted, seed, sizes), encoding="utf-8")
    return {"records": {f: len(r) for f, r in files.items()}, "planted": len(planted), "bytes": sum(sizes.values())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(REPO / "data" / "sample"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    summary = build(Path(args.out), args.seed)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
