"""Runs the scale-out recipes of docs/SCALE-OUT.md under Spark local[2] and checks that
they print exactly what `coachlab run` prints.

    python spark_recipes.py COACHLAB DATASET

Checks, in order:
1. SQL `SELECT TRANSFORM ... USING 'coachlab partial ...'` over performance.csv read as
   text and cut into partitions (header line in one of them), states collected, merged,
   reported: equal to `run --format json`, byte for byte.
2. `rdd.pipe(..., checkCode=True)` with the binary shipped by `addFile`: the same.
3. A shard with a bad row makes the Spark job fail (no silently smaller answer).
"""
import subprocess
import sys
import tempfile
from pathlib import Path

from pyspark import SparkFiles
from pyspark.sql import SparkSession

PLUGINS = ["quota-attainment-by-coaching-quality", "rep-improvement-over-time"]


def coachlab(binary, *args, stdin=None):
    result = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"coachlab {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def partial_command(binary, dataset):
    plugins = " ".join(f"--plugin {p}" for p in PLUGINS)
    return f"{binary} partial --dimensions {dataset} {plugins} --threads 1 -"


def report(binary, dataset, state_lines, workdir, name):
    state = Path(workdir) / f"{name}.state"
    state.write_text("\n".join(state_lines) + "\n")
    merged = coachlab(binary, "merge", str(state))
    lines = sum(1 for _ in open(Path(dataset) / "performance.csv")) - 1
    return coachlab(binary, "report", "-", "--format", "json", "--expect-rows", str(lines), stdin=merged)


def check_recipes(workdir):
    binary, dataset = str(Path(sys.argv[1]).resolve()), str(Path(sys.argv[2]).resolve())
    expected = coachlab(binary, "run", dataset, "--no-cache", "--format", "json",
                        *[arg for p in PLUGINS for arg in ("--plugin", p)])
    spark = (SparkSession.builder.master("local[2]").appName("coachlab-recipes")
             .config("spark.sql.catalogImplementation", "in-memory")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    failures = []

    # 1. SQL TRANSFORM. Fields are set to \u0001 both ways: the default (TAB) would cut the
    #    CSV lines going in and the tab-separated state lines coming out.
    lines = spark.read.text(str(Path(dataset) / "performance.csv")).repartition(4)
    lines.createOrReplaceTempView("performance_lines")
    rows = spark.sql(f"""
        SELECT TRANSFORM (value)
          ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\u0001'
          USING '{partial_command(binary, dataset)}'
          AS (line STRING)
          ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\u0001'
        FROM performance_lines
    """).collect()
    got = report(binary, dataset, [row.line or "" for row in rows], workdir, "transform")
    print(f"TRANSFORM: {len(rows)} state lines from 4 partitions")
    if got != expected:
        failures.append("SQL TRANSFORM recipe differs from run")

    # 2. rdd.pipe with checkCode=True, the binary shipped with addFile.
    spark.sparkContext.addFile(binary)
    shipped = SparkFiles.get(Path(binary).name)
    text = spark.sparkContext.textFile(str(Path(dataset) / "performance.csv"), minPartitions=3)
    piped = text.pipe(partial_command(shipped, dataset), checkCode=True).collect()
    got = report(binary, dataset, piped, workdir, "pipe")
    print(f"rdd.pipe: {len(piped)} state lines")
    if got != expected:
        failures.append("rdd.pipe recipe differs from run")

    # 3. A failing shard fails the job.
    spark.sparkContext.setLogLevel("OFF")
    bad = text.union(spark.sparkContext.parallelize(["R0000001,2023-13,100,90"], 1))
    try:
        bad.pipe(partial_command(shipped, dataset), checkCode=True).collect()
        failures.append("a shard with a bad row did not fail the job")
    except Exception as error:  # Spark wraps the subprocess failure
        print("bad shard failed the job as it must:", str(error).splitlines()[0][:120])

    spark.stop()
    if failures:
        raise SystemExit("FAILED: " + "; ".join(failures))
    print("Spark recipes: identical to `coachlab run`")


def main():
    with tempfile.TemporaryDirectory(prefix="coachlab-spark-") as workdir:
        check_recipes(workdir)


if __name__ == "__main__":
    main()
