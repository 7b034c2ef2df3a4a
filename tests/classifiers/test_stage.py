"""The classify stage with the default models: Chinese, English, mixed, empty and punctuation-only
rows; routing thresholds; quality; the real runner locally and on Ray."""

import numpy as np
import pytest

from classifiers.stage import ClassifyStage
from pipeline.filters.quality_stats import compute_stats
from schemas.annotations import CLASSIFY_FIELDS
from schemas.document import DOCUMENT_SCHEMA
from schemas.validate import validate_table
from tests.conftest import documents
from tests.pipeline.helpers import run_stage

TEXTS = {
    "zh_cardiology": "医生您好，我今年56岁，最近一个月爬两层楼就胸闷气短，晚上有时憋醒。心电图提示ST段压低，"
                     "医生怀疑冠心病，建议做冠状动脉造影。现在每天吃阿司匹林和阿托伐他汀，请问需要放支架吗？",
    "en_dermatology": "A 24-year-old woman presents with itchy red plaques with silvery scales on her elbows and "
                      "scalp for six months. Her father has psoriasis. Which topical treatment is most appropriate "
                      "as first-line therapy? Topical corticosteroids combined with a vitamin D analogue are "
                      "recommended, and phototherapy is an option for extensive disease.",
    "en_sports": "The home side scored twice in the final ten minutes to win the league title on Sunday. "
                 "The striker, who joined the club last summer, finished the season as top scorer, and the "
                 "coach praised the defence for keeping a clean sheet in the last five matches.",
    "zh_finance": "受美联储加息预期影响，今日A股三大指数集体低开，沪指跌0.8%，银行和券商板块领跌。"
                  "分析师认为，短期市场情绪偏谨慎，投资者应关注上市公司三季度财报和人民币汇率走势。",
    "mixed_endocrine": "复查HbA1c 8.2%，空腹血糖 9.6 mmol/L，医生说 type 2 diabetes 控制不好，"
                       "建议在二甲双胍基础上加用 insulin glargine，并且控制饮食、每天运动。",
    "empty": "",
    "punctuation": "。，！？……!!! ---",
}


@pytest.fixture(scope="module")
def stage(default_models):
    return ClassifyStage()


@pytest.fixture(scope="module")
def classified(stage):
    table = documents(list(TEXTS.values()), ids=list(TEXTS))
    out = stage.process(table)
    return {row["id"]: row for row in out.to_pylist()}


def test_columns_and_types_follow_the_schema(stage):
    out = stage.process(documents(list(TEXTS.values())))
    validated = validate_table(out.drop_columns(["reject_reason"]), DOCUMENT_SCHEMA, where="classify")
    assert validated.num_rows == len(TEXTS)
    for field in CLASSIFY_FIELDS:
        assert out.schema.field(field.name).type == field.type
    assert out.column("reject_reason").null_count == out.num_rows  # classification never drops


def test_medical_rows_get_a_department_general_rows_none(classified):
    assert classified["zh_cardiology"]["is_medical"] and classified["zh_cardiology"]["department"] == "cardiology"
    assert classified["en_dermatology"]["is_medical"] and classified["en_dermatology"]["department"] == "dermatology"
    assert classified["mixed_endocrine"]["is_medical"]
    assert classified["mixed_endocrine"]["department"] == "endocrinology"
    for key in ("en_sports", "zh_finance"):
        assert not classified[key]["is_medical"] and classified[key]["department"] is None
        assert classified[key]["department_score"] is None
    assert classified["en_sports"]["category"] == "sports_fitness"
    assert classified["zh_finance"]["category"] == "economics_business"


def test_medical_rows_have_the_medical_category(classified):
    for key in ("zh_cardiology", "en_dermatology", "mixed_endocrine"):
        assert classified[key]["category"] == "medicine_health"
        assert classified[key]["medical_score"] >= 0.5
        assert 0 < classified[key]["medical_value_score"] <= 1


def test_empty_and_punctuation_only_rows_are_kept_unclassified(classified):
    for key in ("empty", "punctuation"):
        row = classified[key]
        assert row["is_medical"] is False and row["medical_score"] == 0.0
        assert row["category"] is None and row["department"] is None
        assert row["quality_score"] == 0.0 and row["medical_value_score"] == 0.0


def test_medical_threshold_routes_everything_general(default_models):
    stage = ClassifyStage(ClassifyStage.Config(routing={"medical_threshold": 1.0}))
    out = stage.process(documents([TEXTS["zh_cardiology"], TEXTS["en_dermatology"]]))
    assert out.column("is_medical").to_pylist() == [False, False]
    assert out.column("department").to_pylist() == [None, None]
    assert "medicine_health" not in out.column("category").to_pylist()


def test_quality_prefers_articles_to_junk_and_uses_stats(stage):
    junk = ("首页 | 关于我们 | 联系我们 | 登录 注册\n加微信领取优惠券！！！点击进入\n顶\n沙发\n"
            "Copyright © 2023 All rights reserved | Privacy Policy | Cookie settings\nclick here click here")
    table = documents([TEXTS["en_sports"], TEXTS["zh_finance"], junk])
    plain = stage.process(table).column("quality_score").to_numpy()
    assert plain[2] < min(plain[0], plain[1])
    stats = compute_stats(table.column("text"))
    with_stats = table
    for name, values in stats.items():
        with_stats = with_stats.append_column(name, values)
    scored = stage.process(with_stats).column("quality_score").to_numpy()
    assert scored[2] < min(scored[0], scored[1])
    assert not np.allclose(scored, plain)  # the heuristic share moved the scores


def test_bad_config_keys_are_refused():
    with pytest.raises(ValueError, match="unknown task"):
        ClassifyStage.Config(models={"colour": "x.bin"})
    with pytest.raises(ValueError):
        ClassifyStage.Config(routing={"medical_treshold": 0.3})


def test_runner_locally_and_on_ray_give_the_same_rows(default_models, ray_local, tmp_path):
    texts = list(TEXTS.values()) * 30
    table = documents(texts)
    local, rejects, manifest = run_stage("classify", table, tmp_path, shards=3, out_name="local")
    on_ray, _, _ = run_stage("classify", table, tmp_path, shards=3, executor="ray", out_name="ray")
    assert rejects is None
    assert manifest.counts.rows_in == manifest.counts.kept == len(texts)
    columns = [f.name for f in CLASSIFY_FIELDS]
    assert local.sort_by("id").select(columns).equals(on_ray.sort_by("id").select(columns))
    assert manifest.summary["medical_rows"] == 3 * 30
    assert manifest.summary["departments"]["cardiology"] == 30
