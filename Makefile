# Cloud Files - everyday commands and the `sam build` targets.
#
#   make build   compile and package every module (no tests)
#   make run     start the local stack (dev.cloudfiles.local.Main): gateway on 127.0.0.1:3000
#   make sweep   run the sweeper once against the running local stack
#   make test    mvn verify across all modules (what CI runs)
#   make bench   load, cold start vs hello-world, warm round vs raw calls, folded vs flat page, transfers (bench/README.md)
#   make bench-gc   the garbage-collection model: one measured sweep, 1,000 overwrites/s calculated
#   make bench-ratios   warm round vs raw calls, folded vs flat page, side by side
#   make bench-digest   the SHA-256 of an inline put against the whole put, side by side
#   make bench-move   a move, and a copy, of 40 MiB vs one of 5 bytes, side by side
#   make bench-memory   each function's duration and cost per MemorySize, CPU capped as Lambda caps it (root)
#   make bench-transfer   large put and get of the Java client vs boto3 (python3 + boto3), side by side
#   make cli     the `cloudfiles` CLI jar (bin/cloudfiles runs it)
#   make admin   the operators' key CLI jar (bin/cloudfiles admin ...)
#   make smoke   check a deployment end to end through its API (below); `make smoke` alone checks `make run`'s
#   make lint    cfn-lint template.yaml
#   make format  format all Java code (palantir-java-format; make test checks it)
#   make clean   remove build output (keeps .data/, the local stack's files)
#   make local-classpath   what `run` and `sweep` need: the local module and its classpath
#   make build-<LogicalId>   one function's artifact, for `sam build` (below)
#
# `sam build` runs `make build-<LogicalId>` (Metadata: BuildMethod: makefile) with ARTIFACTS_DIR
# set, in this tree itself (samconfig.toml: build_in_source; else in a copy of all of it, .data/
# included); SAM's own Maven builder cannot build a multi-module project. The Java runtime wants
# classes at the root of ARTIFACTS_DIR and jars in lib/ (docs/deploy.md).

MVN ?= mvn
MVN_FLAGS ?= -q -B
# Maven 3.8's jansi writes ESC[0m resets even with -B (colours off): a pipe or log got them.
MAVEN_OPTS += -Djansi.noreset=true
export MAVEN_OPTS
JAVA ?= java
RUN_ARGS ?=

# Every function's logical id in template.yaml: they all share one artifact recipe.
FUNCTIONS := PutFileFunction GetFileFunction ListFilesFunction DeleteFilesFunction SharesFunction ShareLinkFunction RouteNotFoundFunction SweeperFunction
SAM_BUILD_TARGETS := $(addprefix build-,$(FUNCTIONS))

.PHONY: build run sweep local-classpath test lint clean $(SAM_BUILD_TARGETS)

build:
	$(MVN) $(MVN_FLAGS) package -DskipTests

# One reactor run: package shared + functions, then copy functions' runtime dependencies.
# In the reactor, the shared module resolves to its freshly packaged jar (no `mvn install`
# needed, so SAM's scratch copy never reads a stale SNAPSHOT from ~/.m2), and lands in lib/.
# copy-dependencies also runs on shared and the parent pom: their runtime jars are a subset.
$(SAM_BUILD_TARGETS):
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	$(MVN) $(MVN_FLAGS) -pl functions -am package dependency:copy-dependencies -DskipTests \
	    -DincludeScope=runtime -DoutputDirectory="$(ARTIFACTS_DIR)/lib"
	cp -R functions/target/classes/. "$(ARTIFACTS_DIR)/"

# Builds what the local stack needs and writes its runtime classpath, then runs it with
# plain `java` (exec: Ctrl-C goes straight to the JVM, no Maven in between).
# The local module's build also installs dynalite (npm ci) when node_modules lacks it.
LOCAL_CLASSPATH = local/target/classes:$$(cat local/target/runtime.classpath)

local-classpath:
	$(MVN) $(MVN_FLAGS) -pl local -am package dependency:build-classpath -DskipTests \
	    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath

run: local-classpath
	exec $(JAVA) -cp "$(LOCAL_CLASSPATH)" dev.cloudfiles.local.Main $(RUN_ARGS)

# One sweeper run against the stack that `make run` started (it also sweeps every minute).
sweep: local-classpath
	$(JAVA) -cp "$(LOCAL_CLASSPATH)" dev.cloudfiles.local.Sweep $(RUN_ARGS)

test:
	$(MVN) -B verify

lint:
	cfn-lint template.yaml

.PHONY: format
format:
	$(MVN) $(MVN_FLAGS) com.diffplug.spotless:spotless-maven-plugin:3.11.0:apply

clean:
	$(MVN) $(MVN_FLAGS) clean
	rm -rf .aws-sam

# The cloudfiles CLI: a runnable jar (client/target/cloudfiles-client-*-cli.jar) that
# bin/cloudfiles launches. Tests are skipped here; `make test` runs them.
.PHONY: cli
cli:
	$(MVN) $(MVN_FLAGS) -pl client -am package -Dmaven.test.skip=true
	@echo "Built. Try: bin/cloudfiles --help"

# The operators' key-management CLI: admin/target/cloudfiles-admin-*-cli.jar, run by
# `bin/cloudfiles admin keys ...` (or bin/cloudfiles-admin). A module of its own because it
# needs the AWS SDK, which the client CLI must not carry.
.PHONY: admin
admin:
	$(MVN) $(MVN_FLAGS) -pl admin -am package -Dmaven.test.skip=true

# Benchmarks (bench/, see bench/README.md): load, cold start, the ratios and transfers, each against an
# in-memory local stack it starts itself; tables to stdout and bench/results/*.md. Takes ~5
# minutes; never part of `make test`. LOAD_ARGS/COLD_ARGS pass options (e.g. LOAD_ARGS="--url
# http://127.0.0.1:3000 --key $$(cat .data/dev-api-key)" to load a running `make run`).
# The benchmarks run from private copies of the jars (bench/target/bench-lib, bench/target/function):
# a build in another module's target/ during the run cannot change the code under test.
# The garbage-collection model (bench/README.md#garbage-collection-at-scale): one measured sweeper
# run over a 20,000-blob backlog, and what 1,000 overwrites/s across 10,000 drives make of it.
# Issue 12's ratios measured side by side (A B A B): a warm round through the API against the raw
# S3/DynamoDB calls, and a folded page against a flat one. About a minute.
# What every benchmark runs from: bench's classes and jars, and the functions' deployment jars.
.PHONY: bench-build
bench-build:
	rm -rf */target/bench-lib # copy-dependencies adds, never removes: no jar a module dropped may linger
	$(MVN) $(MVN_FLAGS) -pl bench -am package dependency:copy-dependencies -Dmaven.test.skip=true \
	    -DincludeScope=runtime -DoutputDirectory=target/bench-lib
	rm -rf bench/target/function && mkdir -p bench/target/function
	cp functions/target/bench-lib/*.jar bench/target/bench-lib/cloudfiles-functions-*.jar bench/target/function/

.PHONY: bench-ratios
bench-ratios: bench-build
	$(JAVA) -Xmx2g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.RatioBench $(RATIO_ARGS)

# Issue 13: what the SHA-256 of an inline put costs, against the whole put, side by side (A B A B).
.PHONY: bench-digest
bench-digest: bench-build
	$(JAVA) -Xmx2g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.DigestBench $(DIGEST_ARGS)

# A move of a 40 MiB file timed against a 5-byte one (and a copy of each, for contrast), side by side.
.PHONY: bench-move
bench-move: bench-build
	$(JAVA) -Xmx2g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.MoveBench $(MOVE_ARGS)

.PHONY: bench-gc
bench-gc: bench-build
	$(JAVA) -Xmx2g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.GcModel $(GC_ARGS)

.PHONY: bench
bench: bench-build cli
	$(JAVA) -Xmx3g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.LoadBench $(LOAD_ARGS)
	$(JAVA) -Xmx1g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.ColdStartBench $(COLD_ARGS)
	$(JAVA) -Xmx2g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.RatioBench $(RATIO_ARGS)
	$(JAVA) -Xmx1g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.TransferBench $(TRANSFER_ARGS)
	$(MAKE) --no-print-directory bench-cli-run

# Issue 20 item 14: the cloudfiles CLI as whole processes (bin/cloudfiles) against `aws s3 ls` and
# boto3 processes, side by side; each start-up lever and the parts in flight as variants of their own.
# Needs awscli and python3 + boto3. About 10 minutes on a loaded machine; CLI_ARGS="--ls-rounds 3 --transfer-rounds 1" for a look.
.PHONY: bench-cli bench-cli-run
bench-cli: bench-build cli bench-cli-run
bench-cli-run:
	$(JAVA) -Xmx1g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.CliBench $(CLI_ARGS)

# MemorySize on measured cost (bench/README.md#memorysizebench--what-each-memorysize-costs): each API function under a CPU quota
# per memory size, as Lambda allots CPU; needs root and cgroup v1. About 8 minutes.
.PHONY: bench-memory
bench-memory: bench-build
	$(JAVA) -Xmx1g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.MemorySizeBench $(MEMORY_ARGS)

# Issue 14's goal: put and get of 512 MiB and 1 GiB through the Java client, each against boto3's
# upload_file / download_file (8 MiB chunks, 8 threads) on the same local S3, A B A B in one run.
# Needs python3 with boto3 (not CI). A few minutes; TRANSFER_ARGS="--sizes-mib 64 --rounds 1" for a look.
.PHONY: bench-transfer
bench-transfer: bench-build
	$(JAVA) -Xmx1g -cp "bench/target/classes:bench/target/bench-lib/*" dev.cloudfiles.bench.TransferBench $(TRANSFER_ARGS)

# `make smoke`: an operator's black-box check of a deployment, through its HTTP API only
# (dev.cloudfiles.smoke.Smoke in client/; --help says the same):
#   make smoke CLOUD_FILES_URL=<the stack's ApiUrl output> CLOUD_FILES_KEY=<a read-write key>
#   make smoke STACK=<stack name> CLOUD_FILES_KEY=...     (ApiUrl read by `aws cloudformation describe-stacks`,
#                                                         with the AWS CLI's own region and credentials)
#   make smoke                                           (the stack of `make run`: 127.0.0.1:3000, .data/dev-api-key,
#                                                         moved by the same CLOUD_FILES_LOCAL_PORT and _DATA)
# A key is made with `bin/cloudfiles admin keys create --stack STACK --project P` (the project is the key's;
# with --endpoint http://127.0.0.1:8000 for `make run`). CLOUD_FILES_READONLY_KEY, a key of the same project
# made with --read-only, adds the check that such a key is refused a write; without it that step is skipped.
# CLOUD_FILES_DRIVE picks the drive (default: smoke). It writes only names under smoke-<time>-<random>/ and
# deletes them all again at the end, also after a failure, checking none is left listed, uploading or shared.
# Output: one line per step, `ok   STEP: what was checked` or `FAIL STEP: expected ..., got ...` (or
# `skip STEP: why`), then exactly one line `smoke: N passed, N failed[, N skipped]`; exit status 1 if any
# step failed, 2 for a usage error. About 20 MB of traffic (a 9 MiB file up and down).
AWS ?= aws
.PHONY: smoke
smoke: cli
	@url="$$CLOUD_FILES_URL"; key="$$CLOUD_FILES_KEY"; \
	if [ -n '$(STACK)' ]; then \
	    url=$$($(AWS) cloudformation describe-stacks --stack-name '$(STACK)' --output text \
	        --query "Stacks[0].Outputs[?OutputKey=='ApiUrl'].OutputValue") || exit 2; \
	    case "$$url" in http*) ;; *) echo "smoke: stack $(STACK) has no ApiUrl output" >&2; exit 2;; esac; \
	elif [ -z "$$url" ]; then \
	    url=http://127.0.0.1:$${CLOUD_FILES_LOCAL_PORT:-3000}; \
	    key="$${key:-$$(cat "$${CLOUD_FILES_LOCAL_DATA:-.data}/dev-api-key")}" || exit 2; \
	    echo "no CLOUD_FILES_URL or STACK given: the local stack of make run at $$url"; \
	fi; \
	CLOUD_FILES_URL="$$url" CLOUD_FILES_KEY="$$key" \
	    $(JAVA) -cp "$$(ls client/target/cloudfiles-client-*-cli.jar | tail -1)" dev.cloudfiles.smoke.Smoke
