"""The scan's HTML report in a real browser (Debian's headless Chromium, driven by Selenium): it loads
with no console errors and no network requests, a click on a header sorts, the histogram has a bar
per bin and the students table a row per student. A screenshot is saved in the test's folder."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import SAMPLES
from kerascount_lint.analysis import analyze_file
from kerascount_lint.scan.tally import histogram_bin

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    pytest.skip("the browser test needs Chromium: apt-get install chromium chromium-driver (Debian)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="the browser test needs selenium (pip install selenium)")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture()
def report(tmp_path):
    (tmp_path / "class").mkdir()
    for i, sample in enumerate(["slide1_dense.py", "slide2_cnn.py", "slide3_dense_padding.py", "slide4_cnn_wider.py",
                                "functional/residual_cnn.py", "real_world/mnist_cnn.py"]):
        shutil.copy(SAMPLES / sample, tmp_path / "class" / f"student{i}_{sample.rsplit('/', 1)[-1]}")
    (tmp_path / "class" / "student9_broken.py").write_text("model = Sequential(\n")
    shutil.copy(SAMPLES / "slide1_dense.py", tmp_path / "solution.py")
    (tmp_path / "spec.toml").write_text('name = "HW1 <b>MLP</b>"\nreference = "solution.py"\n'
                                        "[points]\ntotal-params = 3\nno-errors = 1\n")
    for name in ("r.html", "r.json"):
        run = subprocess.run([sys.executable, "-m", "kerascount_lint", "scan", "class", "--assignment", "spec.toml",
                              "--no-cache", "--report", name], cwd=tmp_path, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    return tmp_path / "r.html", json.loads((tmp_path / "r.json").read_text())


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,2000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def column(table, index):
    return [row.find_elements(By.TAG_NAME, "td")[index].get_attribute("data-v")
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]


def test_the_report_works_in_a_browser(report, browser, tmp_path):
    page, doc = report
    browser.get(page.as_uri())
    assert browser.title == "HW1 <b>MLP</b>"  # escaped: shown as text, not markup
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    requests = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
    assert [u for u in urls if not u.startswith(("file:", "data:"))] == []

    students, models = browser.find_elements(By.TAG_NAME, "table")[:2]
    assert len(students.find_elements(By.CSS_SELECTOR, "tbody tr")) == len(doc["students"]) == 7
    header = students.find_elements(By.TAG_NAME, "th")
    points = [h.text for h in header].index("points")
    header[points].click()
    values = [int(v) if v else -1 for v in column(students, points)]
    assert values == sorted(values) and len(set(values)) > 1
    header[points].click()
    assert [int(v) if v else -1 for v in column(students, points)] == sorted(values, reverse=True)

    totals = [r["total_params"] for r in doc["rows"] if r["total_params"] is not None]
    [reference] = analyze_file(str(page.parent / "solution.py")).models
    marked = [histogram_bin(reference.total_params)]  # the reference's total is marked on its bar
    bins = [histogram_bin(t) for t in totals] + marked
    svg = browser.find_elements(By.TAG_NAME, "svg")[0]
    assert len(svg.find_elements(By.TAG_NAME, "rect")) == max(bins) - min(bins) + 1
    assert len(svg.find_elements(By.CSS_SELECTOR, "line.expected")) == 1
    shot = tmp_path / "report.png"  # KEEP_SCREENSHOT=dir copies it there (see the README)
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["KEEP_SCREENSHOT"])
