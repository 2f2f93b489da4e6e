"""The test demo's snapshots (rencai/core/tests/demo.py) are shared by the run's test workers
through files: a worker restores what another loaded instead of loading it again."""

import pytest

from rencai.core.models import User
from rencai.core.tests import demo

pytestmark = [pytest.mark.django_db]


def test_a_worker_copies_in_the_demo_another_worker_loaded_without_loading_it(
    tmp_path, monkeypatch
):
    monkeypatch.setenv(demo.SHARED_FOLDER, str(tmp_path))
    monkeypatch.setattr(demo, "_snapshots", {})

    def first_load(**options):
        User.objects.create(username="loaded")
        return "loaded once"

    monkeypatch.setattr(demo, "_load", first_load)
    # given one worker loaded the demo with these options (its snapshot is written to the run)
    assert demo.load_demo(talents=7) == "loaded once"
    assert [p.suffix for p in sorted(tmp_path.iterdir())] == [".lock", ".pickle"]

    # when another worker (its own memory, its own database) needs the same demo
    monkeypatch.setattr(demo, "_snapshots", {})
    User.objects.filter(username="loaded").delete()

    def second_load(**options):
        raise AssertionError("loaded again")

    monkeypatch.setattr(demo, "_load", second_load)
    output = demo.load_demo(talents=7)

    # then it has the same rows and output, copied in from the first worker's snapshot
    assert output == "loaded once"
    assert User.objects.filter(username="loaded").exists()
