import pyarrow as pa

from pipeline.filters.langid import LangIdConfig, LanguageIdentifier
from tests.conftest import make_text


def test_languages_detected_and_restricted():
    ident = LanguageIdentifier(LangIdConfig())
    texts = [make_text("en"), make_text("zh"), "Le patient a été admis à l'hôpital avec une douleur thoracique depuis trois jours.",
             "患者は三日前から胸の痛みを訴えて病院に来ました。", "!!!???...", "", "患者 HbA1c 为 7.5%，建议控制饮食并复查血糖。"]
    langs, scores, reasons = ident.identify(pa.array(texts))
    assert langs.to_pylist()[:5] == ["en", "zh", "fr", "ja", None]
    assert reasons.to_pylist() == [None, None, "lang_not_allowed:fr", "lang_not_allowed:ja", "lang_undetected", "lang_undetected", None]
    assert langs.to_pylist()[6] == "zh"
    assert scores.to_pylist()[0] > 0.9


def test_source_language_can_be_trusted():
    ident = LanguageIdentifier(LangIdConfig(trust_source_lang=True))
    langs, _, reasons = ident.identify(pa.array([make_text("en")]), pa.array(["zh"]))
    assert langs.to_pylist() == ["zh"] and reasons.to_pylist() == [None]
