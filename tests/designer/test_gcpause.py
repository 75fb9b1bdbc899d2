"""The importer's pause of the cyclic collector (designer/gcpause.py)."""

import gc

from tablewright.designer.gcpause import paused_gc


def test_settled_objects_stay_out_of_collections_until_the_pause_ends():
    was_enabled = gc.isenabled()
    alive = [[i] for i in range(1000)]  # tracked containers, alive through the pause
    with paused_gc(collect_every=1) as pause:
        assert not gc.isenabled()
        pause.settle()
        assert gc.get_freeze_count() >= len(alive)
        pause.step()  # a young collection leaves them where they are
        assert gc.get_freeze_count() >= len(alive)
        assert not any(x is alive[0] for x in gc.get_objects(2))
    assert gc.get_freeze_count() == 0  # back in the oldest generation
    assert gc.isenabled() == was_enabled
    assert all(gc.is_tracked(x) for x in alive)
