"""Fuzzing with a fixed seed: 2,000 inputs (mutated samples and notebooks, generated programs,
programs from a grammar of hostile Keras code); each must pass every check in fuzzing.check.
`python scripts/fuzz.py N` runs the same checks at length, plus a hostile scan and the server."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import check, make_input


@settings(max_examples=2000, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.integers(min_value=0, max_value=2**32))
def test_no_input_breaks_the_analysis(seed):
    name, text = make_input(seed)
    problems = check(name, text)
    assert not problems, f"seed {seed} ({name}): {problems}\n{text[:2000]}"
