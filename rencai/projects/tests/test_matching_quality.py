"""The ranker is measured on the held-back half of the labelled set, beside the baseline."""

import pytest

from rencai.projects.matching import Index, terms
from rencai.projects.quality import compare, labelled_set

pytestmark = pytest.mark.portable


def test_the_labelled_set_has_thirty_projects_split_in_halves_over_a_fixed_pool():
    data = labelled_set()
    keys = {t["key"] for t in data["talents"]}
    assert len(data["projects"]) >= 30
    assert {p["split"] for p in data["projects"]} == {"tune", "held"}
    assert all(set(p["relevant"]) <= keys and p["relevant"] for p in data["projects"])


def test_ranker_beats_the_shared_keyword_baseline_on_the_held_back_half():
    results = compare("held")

    ranker, baseline = results["ranker"], results["baseline"]
    assert ranker.precision_at_5 > baseline.precision_at_5
    assert ranker.recall_at_10 >= baseline.recall_at_10
    assert ranker.recall_at_10 > 0.9


def test_domain_dictionary_keeps_a_technique_whole_and_drops_stop_words():
    found = terms("需要焊缝跟踪和磷酸铁锂方面的专家")

    assert "焊缝跟踪" in found
    assert "磷酸铁锂" in found
    assert "需要" not in found
    assert "专家" not in found


def test_matched_terms_are_the_reason_and_unrelated_talents_are_left_out():
    index = Index([(1, "水稻育种 分子标记"), (2, "钢结构焊接变形控制"), (3, "企业管理咨询")])

    ranked = index.rank("焊接机器人减少焊接变形")

    assert [c.key for c in ranked] == [2]
    assert "焊接变形" in ranked[0].reasons


def test_an_empty_pool_ranks_nobody():
    assert Index([]).rank("焊接") == []
