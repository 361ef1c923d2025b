"""Runs the Spark recipes of docs/SCALE-OUT.md as printed, under Spark local[2], and checks
that they give exactly what `coachlab run` prints.

    python spark_recipes.py COACHLAB DATASET

The recipes are read out of docs/SCALE-OUT.md (its "## Spark" section): the block that
sets the five names the recipes read (EXPORT, COACHLAB, DIMS, STATES, PARTS) is replaced by this
harness's values for the dataset, the binary and a scratch folder; the SQL and RDD blocks
are executed verbatim with `spark`, `sc` and `SparkFiles` in scope, and the section's
`merge | report` line is run verbatim by the shell in the scratch folder. Checks:
1. SQL `SELECT TRANSFORM ... USING 'coachlab partial ...'`, states written per partition:
   merged and reported as printed, equal to `run --format json`, byte for byte.
2. `rdd.pipe(..., checkCode=True)` with the binary shipped by `addFile`, saved per
   partition: merged and reported, equal to `run` for its plugin.
3. Whole-rep parts (`coachlab split`), each piped to `partial` for the plugins that join a
   rep's tables, the event studies' first pass merged on the driver and their second pass
   piped given it: merged and reported, equal to `run` for those plugins.
4. A shard with a bad row makes the Spark job fail (no silently smaller answer).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pyspark import SparkFiles
from pyspark.sql import SparkSession

REPO = Path(__file__).resolve().parents[2]
SETTINGS = ("EXPORT", "COACHLAB", "DIMS", "STATES", "PARTS")


def coachlab(binary, *args, stdin=None):
    result = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"coachlab {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def same_but_dataset(got, expected, dims, dataset):
    """Whether `report` printed what `run` printed, but for the dataset it names: a report
    names the dimension folder its states were made with, here a copy holding the header."""
    return got.replace(json_string(dims), json_string(dataset), 1) == expected


def json_string(path):
    return '"dataset": "' + str(path) + '"'


def spark_section():
    """The fenced blocks of docs/SCALE-OUT.md's Spark section, as (language, text)."""
    text = (REPO / "docs" / "SCALE-OUT.md").read_text()
    section = text[text.index("\n## Spark\n"):]
    section = section[:section.index("\n## ", 1)]
    return re.findall(r"^```(\w+)\n(.*?)^```", section, re.S | re.M)


def recipes():
    blocks = spark_section()
    python = [code for language, code in blocks if language == "python"]
    shell = [code for language, code in blocks if language == "sh"]
    settings = [code for code in python if all(re.search(rf"^{name} = ", code, re.M) for name in SETTINGS)]
    sql = [code for code in python if "SELECT TRANSFORM" in code]
    rdd = [code for code in python if ".pipe(" in code and "PARTS" not in code]
    parts = [code for code in python if ".pipe(" in code and "PARTS" in code and "SELECT" not in code and code not in settings]
    merge = [code for code in shell if "coachlab merge" in code]
    if not (len(settings) == len(sql) == len(rdd) == len(parts) == len(merge) == 1 and len(python) == 4):
        raise SystemExit("docs/SCALE-OUT.md's Spark section should hold the settings, SQL, RDD and "
                         "whole-rep parts python blocks and one merge line")
    return sql[0], rdd[0], parts[0], merge[0]


def check_recipes(workdir):
    binary, dataset = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2]).resolve()
    sql, rdd, parts_recipe, merge = recipes()
    work = Path(workdir)
    dims = work / "dims"
    dims.mkdir()
    for name in ("managers.csv", "reps.csv"):
        shutil.copy(dataset / name, dims / name)
    with open(dataset / "performance.csv") as source:
        (dims / "performance.csv").write_text(source.readline())   # the header line only
    (work / "performance.csv").symlink_to(dataset / "performance.csv")

    spark = (SparkSession.builder.master("local[2]").appName("coachlab-recipes")
             .config("spark.sql.catalogImplementation", "in-memory")
             .config("spark.ui.enabled", "false")
             # Small input splits, so the sample org's file is read as several partitions,
             # only the first of them holding the header, as a large export would be.
             .config("spark.sql.files.maxPartitionBytes", "131072").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    names = dict(spark=spark, sc=spark.sparkContext, SparkFiles=SparkFiles,
                 EXPORT=str(dataset / "performance.csv"), COACHLAB=binary, DIMS=str(dims),
                 STATES=str(work / "states"), PARTS=str(work / "parts"))
    failures = []

    # 1. SQL TRANSFORM, then the section's merge | report line, both as printed.
    exec(sql, dict(names))
    parts = len(list((work / "states" / "sql").glob("part-*")))
    path = f"{Path(binary).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"   # `coachlab` as the docs call it
    got = subprocess.run(["sh", "-c", "set -e\n" + merge], cwd=work, capture_output=True, text=True,
                         env={**os.environ, "PATH": path})
    expected = coachlab(binary, "run", str(dataset), "--no-cache", "--format", "json",
                        "--plugin", "quota-attainment-by-coaching-quality",
                        "--plugin", "rep-improvement-over-time")
    print(f"TRANSFORM: {parts} partition states")
    if got.returncode != 0:
        failures.append(f"the merge | report line failed: {got.stderr[-400:]}")
    elif not same_but_dataset(got.stdout, expected, dims, dataset):
        failures.append("SQL TRANSFORM recipe differs from run")

    # 2. rdd.pipe with checkCode=True, the binary shipped with addFile, as printed.
    exec(rdd, dict(names))
    states = sorted(str(p) for p in (work / "states" / "rdd").glob("part-*"))
    rows = sum(1 for _ in open(dataset / "performance.csv")) - 1
    merged = coachlab(binary, "merge", *states)
    got = coachlab(binary, "report", "-", "--format", "json", "--expect-rows", str(rows), stdin=merged)
    expected = coachlab(binary, "run", str(dataset), "--no-cache", "--format", "json",
                        "--plugin", "quota-attainment-by-coaching-quality")
    print(f"rdd.pipe: {len(states)} partition states")
    if not same_but_dataset(got, expected, dims, dataset):
        failures.append("rdd.pipe recipe differs from run")

    # 3. Whole-rep parts, split as the section says, each piped to `partial` as printed.
    whole_reps = ["--plugin", "coaching-coverage", "--plugin", "coaching-vs-firefighting", "--plugin", "skill-will-matrix",
                  "--plugin", "feedback-latency", "--plugin", "focus-breadth", "--plugin", "assignment-follow-through"]
    coachlab(binary, "split", str(dataset), "--parts", "4", "--out", str(work / "parts"))
    exec(parts_recipe, dict(names))
    states = sorted(str(p) for p in (work / "states" / "parts").glob("part-*"))
    merged = coachlab(binary, "merge", *states)
    got = coachlab(binary, "report", "-", "--format", "json", "--expect-rows", str(rows), "--expect-shards", "4", stdin=merged)
    expected = coachlab(binary, "run", str(dataset), "--no-cache", "--format", "json", *whole_reps)
    print(f"whole-rep parts: {len(states)} partition states")
    if not same_but_dataset(got, expected, dims, dataset):
        failures.append("whole-rep parts recipe differs from run")

    # 4. A failing shard fails the job.
    spark.sparkContext.setLogLevel("OFF")
    command = (f"{SparkFiles.get(Path(binary).name)} partial --dimensions {dims} "
               "--plugin quota-attainment-by-coaching-quality --threads 1 -")
    text = spark.sparkContext.textFile(str(dataset / "performance.csv"), minPartitions=3)
    bad = text.union(spark.sparkContext.parallelize(["R0000001,2023-13,100,90"], 1))
    try:
        bad.pipe(command, checkCode=True).collect()
        failures.append("a shard with a bad row did not fail the job")
    except Exception as error:  # Spark wraps the subprocess failure
        print("bad shard failed the job as it must:", str(error).splitlines()[0][:120])

    spark.stop()
    if failures:
        raise SystemExit("FAILED: " + "; ".join(failures))
    print("Spark recipes, as printed in docs/SCALE-OUT.md: identical to `coachlab run`")


def main():
    with tempfile.TemporaryDirectory(prefix="coachlab-spark-") as workdir:
        check_recipes(workdir)


if __name__ == "__main__":
    main()
