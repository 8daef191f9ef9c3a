# Battleship on Orleans — developer commands. `make help` lists them.
# Every target sets up what it needs and is safe to run twice.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CONFIGURATION ?= Release
DOTNET ?= dotnet
ARGS ?=
EVALUATE_ARGS ?= --agent density --games 10000 --seed 1
SILO ?= 0
TRAINER ?= 0
TO ?=
export PGPORT_LOCAL ?= 55432
export BATTLESHIP_TEST_POSTGRES ?= Host=127.0.0.1;Port=$(PGPORT_LOCAL);Database=battleship;Username=battleship;Password=battleship
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

# The dotnet for TorchSharp (the trainer, tests/Rl.Tests): plain dotnet where the host's libstdc++ is
# new enough, else a compatible copy that ops/torch/dotnet-torch.sh builds once (see docs/rl.md).
TORCH_RUNTIME := ops/torch/dotnet-torch.sh
DOTNET_TORCH = $(or $(shell DOTNET=$(DOTNET) $(TORCH_RUNTIME) path),$(error $(TORCH_RUNTIME) could not provide a TorchSharp-compatible dotnet))
RL_TEST = BATTLESHIP_RL_TESTS=true $(DOTNET_TORCH) test --project tests/Rl.Tests $(TEST_FLAGS)

SOLUTION := Battleship.sln
BUILD_STAMP := artifacts/.setup-stamp
TEST_FLAGS := -c $(CONFIGURATION) --no-build
BIN = bin/$(CONFIGURATION)/net10.0
MIGRATOR = $(DOTNET) db/Migrator/$(BIN)/Battleship.Db.Migrator.dll

# The database of migrate, migrate-down, silo and run: the environment's when it names one
# (Battleship__Database__ConnectionString or ConnectionStrings__battleship), else the private cluster's.
DB_TARGETS := migrate migrate-down silo trainer-silo run up train decision-time db-test load load-gateway load-smoke bench-ratings e2e obs-smoke
ifeq ($(strip $(Battleship__Database__ConnectionString)$(ConnectionStrings__battleship)),)
$(DB_TARGETS): export Battleship__Database__ConnectionString := $(shell db/local-postgres.sh url)
endif

.PHONY: help setup build lint format typecheck test test-engine api-test auth-test db-test bench bench-ratings evaluate run up down silo load load-gateway chaos chaos-web chaos-smoke load-smoke migrate migrate-down ci clean db-up db-down db-reset rl-test train-local torch-runtime train decision-time trainer-silo bench-rl web-build web-dev web-test web-openapi e2e telemetry-test ops-check obs-up obs-down obs-smoke images images-push stack-up stack-down stack-test deploy smoke ops

help: ## List every target with one line each
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(BUILD_STAMP): global.json dotnet-tools.json Directory.Packages.props Directory.Build.props $(wildcard */*.csproj */*/*.csproj)
	@command -v $(DOTNET) >/dev/null || { echo "The .NET 10 SDK is required: https://learn.microsoft.com/dotnet/core/install/linux" >&2; exit 1; }
	$(DOTNET) tool restore
	$(DOTNET) restore $(SOLUTION)
	@mkdir -p artifacts && touch $@

setup: $(BUILD_STAMP) ## Restore the .NET tools and NuGet packages (idempotent)

build: setup ## Build the solution (warnings are errors)
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --no-restore

typecheck: setup ## Full rebuild with every analyzer; any warning fails
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --no-restore --no-incremental -warnaserror

lint: setup ## Verify formatting (CSharpier), code style/analyzers (dotnet format), the CI workflows (actionlint; every step a make target) and that docs/architecture.md names every project, changing nothing
	ops/lint/architecture-doc.sh
	@$(MAKE) --no-print-directory Client/node_modules/.install-stamp
	node ops/lint/workflows.mjs
	$(DOTNET) csharpier check .
	$(DOTNET) format style $(SOLUTION) --verify-no-changes --no-restore --severity warn
	$(DOTNET) format analyzers $(SOLUTION) --verify-no-changes --no-restore --severity warn

format: setup ## Format the code in place (CSharpier)
	$(DOTNET) csharpier format .

test: build db-up ops-check ## Run every test suite (starts the private PostgreSQL cluster; validates ops/), the gateway load smoke, the web client's and the end-to-end suite
	$(DOTNET) test --solution $(SOLUTION) $(TEST_FLAGS) $(ARGS)
	$(RL_TEST) $(ARGS)
	$(MAKE) --no-print-directory load-smoke
	$(MAKE) --no-print-directory web-test
	$(MAKE) --no-print-directory e2e

test-engine: build ## Run the engine tests (rules, environment, policies)
	$(DOTNET) test --project tests/Engine.Tests $(TEST_FLAGS) $(ARGS)

db-test: migrate ## Run the persistence suites (tests/Db.Tests, tests/Grains.Tests) on PostgreSQL
	$(DOTNET) test --project tests/Db.Tests $(TEST_FLAGS) $(ARGS)
	$(DOTNET) test --project tests/Grains.Tests $(TEST_FLAGS) $(ARGS)

api-test: build db-up ## Run the gateway's suite: REST and SignalR over real grains and PostgreSQL
	$(DOTNET) test --project tests/Gateway.Tests $(TEST_FLAGS) $(ARGS)

auth-test: build db-up ## Run the gateway's authentication tests (tokens, issuers, hub sign-in)
	$(DOTNET) test --project tests/Gateway.Tests $(TEST_FLAGS) --filter-trait "Suite=Auth" $(ARGS)

telemetry-test: build db-up ## Run the telemetry suite: spans, metrics, logs, OTEL_* settings, /metrics of a silo and a gateway, ops/ cross-checks
	$(DOTNET) test --project tests/Telemetry.Tests $(TEST_FLAGS) $(ARGS)

ops-check: ## Validate ops/: promtool check config and rules, docker-compose config (installs both from apt if missing)
	ops/ops.sh check

obs-up: ## Start the observability stack of ops/compose.yaml (collector, Prometheus, Tempo, Loki, Grafana; needs Docker)
	ops/ops.sh up

obs-down: ## Stop the observability stack
	ops/ops.sh down

images: ## Build the gateway, silo, trainer and migrator images, tagged with the commit (podman; local base images where no registry answers: docs/deploy.md)
	ops/images/build.sh $(ARGS)

images-push: ## Push this commit's images to BATTLESHIP_REGISTRY (e.g. ghcr.io/owner/battleship; logs in with BATTLESHIP_REGISTRY_USER/PASSWORD when set)
	ops/images/push.sh

stack-up: images ## Start the whole stack as containers (ops/compose.yaml + ops/compose.stack.yaml; secrets in ops/.env, created if missing); the load balancer on :8000
	ops/stack/stack.sh up $(ARGS)

stack-down: ## Stop the container stack (its volumes stay: ARGS=--volumes drops them)
	ops/stack/stack.sh down $(ARGS)

stack-test: ## Build the images, start the application stack, play a match through the load balancer and read its replay, stop it (podman; not in make test: docs/deploy.md)
	ops/stack/stack.sh test

deploy: ## Run this commit's images from BATTLESHIP_REGISTRY on DOCKER_HOST with the settings in BATTLESHIP_DEPLOY_ENV or ops/.env (the pipeline's deploy stage; docs/deploy.md)
	ops/stack/stack.sh deploy

ops: ## Everything before a release: build, test, images, the stack up, a load run through its load balancer, a chaos round, the stack down
	$(MAKE) --no-print-directory build test images
	BATTLESHIP_GATEWAY_ENV_FILE=./load/gateway.env ops/stack/stack.sh up
	@status=0; \
	  $(MAKE) --no-print-directory load-gateway ARGS="--scenario vs-agent --players 64 --seconds 30 --gateway http://127.0.0.1:$${BATTLESHIP_HTTP_PORT:-8000} --database none" \
	  && ops/stack/stack.sh chaos || status=$$?; \
	  ops/stack/stack.sh down; exit $$status

obs-smoke: migrate ## Real Prometheus scrapes a running silo and gateway during a scripted match; asserts the metrics via its API
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) ops/ops.sh smoke

bench: setup ## Run the BenchmarkDotNet suite (ARGS="--filter *Ocean*" to pick)
	$(DOTNET) run -c Release --project tests/Benchmarks -- $(if $(ARGS),$(ARGS),--filter '*')

evaluate: build ## Evaluate an agent (ARGS="--agent dqn --games 10000 --seed 1 --json"; "--agent density --vs dqn")
	$(DOTNET_TORCH) Trainer/bin/$(CONFIGURATION)/net10.0/Battleship.Trainer.dll evaluate $(if $(ARGS),$(ARGS),$(EVALUATE_ARGS))

rl-test: build db-up ## The reinforcement-learning suites: tests/Rl.Tests (TorchSharp-compatible dotnet), then the training grains and API
	$(RL_TEST) $(ARGS)
	$(DOTNET) test --project tests/Grains.Tests $(TEST_FLAGS) --filter-namespace "*.Training" $(ARGS)
	$(DOTNET) test --project tests/Gateway.Tests $(TEST_FLAGS) --filter-class "*Training*" $(ARGS)

train-local: build ## Train a DQN agent in this process (ARGS="--run artifacts/runs/mine --total-env-steps 1000000")
	nice -n 10 $(DOTNET_TORCH) Trainer/bin/$(CONFIGURATION)/net10.0/Battleship.Trainer.dll train $(ARGS)

train: migrate ## Train a DQN agent on the cluster's trainer silos (started if needed) with live progress (ARGS="--set totalEnvSteps=200000")
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) DOTNET_TORCH=$(DOTNET_TORCH) ops/local/stack.sh trainer
	$(DOTNET_TORCH) Trainer/$(BIN)/Battleship.Trainer.dll submit $(ARGS)
	@echo "The silos keep running for the trained agent (make down stops them)."

decision-time: migrate ## Time the shipped DQN agent's shot decisions through the cluster as a live match asks them (silos started if needed; ARGS="--games 200 --agent <id>")
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) DOTNET_TORCH=$(DOTNET_TORCH) ops/local/stack.sh trainer
	$(DOTNET_TORCH) Trainer/$(BIN)/Battleship.Trainer.dll decision-time $(ARGS)

trainer-silo: migrate ## Run trainer silo number TRAINER (0, 1, ...: ports 11131+TRAINER, 30030+TRAINER, web 8095+TRAINER) in the foreground
	@[[ "$(TRAINER)" =~ ^[0-9]+$$ ]] || { echo "TRAINER must be a number, not '$(TRAINER)'" >&2; exit 2; }
	Battleship__Silo__SiloPort=$$((11131 + $(TRAINER))) Battleship__Silo__GatewayPort=$$((30030 + $(TRAINER))) \
	  Battleship__Silo__WebUrl=http://127.0.0.1:$$((8095 + $(TRAINER))) $(DOTNET_TORCH) Trainer/$(BIN)/Battleship.Trainer.dll silo

bench-rl: setup ## Benchmark self-play steps, learner updates and Adam steps (tests/Benchmarks RlBenchmarks, AdamBenchmarks) with the TorchSharp-compatible dotnet
	PATH="$(dir $(DOTNET_TORCH)):$$PATH" dotnet run -c Release --project tests/Benchmarks -- --filter '*RlBenchmarks*' '*AdamBenchmarks*' $(ARGS)

torch-runtime: ## Build, where this host needs it, the TorchSharp-compatible dotnet (ops/torch/dotnet-torch.sh)
	@$(TORCH_RUNTIME) ensure
	@echo "DOTNET_TORCH = $(DOTNET_TORCH)"

migrate: build db-up ## Apply the Orleans schema and the archive migrations to the database (idempotent)
	$(MIGRATOR) migrate

migrate-down: build db-up ## Take the archive to migration TO (TO=InitialArchive; TO=0 empties it)
	@[ -n "$(TO)" ] || { echo "usage: make migrate-down TO=<migration> (see: $(MIGRATOR) list; 0 = empty)" >&2; exit 2; }
	$(MIGRATOR) migrate --to "$(TO)"

silo: migrate ## Run game silo number SILO (0, 1, 2, ...: ports 11111+SILO, 30000+SILO, web 8080+SILO)
	@[[ "$(SILO)" =~ ^[0-9]+$$ ]] || { echo "SILO must be a number, not '$(SILO)'" >&2; exit 2; }
	@echo "silo $(SILO): dashboard http://127.0.0.1:$$((8080 + $(SILO)))/dashboard  health http://127.0.0.1:$$((8080 + $(SILO)))/health  (Ctrl+C stops it)"
	Battleship__Silo__SiloPort=$$((11111 + $(SILO))) Battleship__Silo__GatewayPort=$$((30000 + $(SILO))) \
	  Battleship__Silo__WebUrl=http://127.0.0.1:$$((8080 + $(SILO))) $(DOTNET) Silo/$(BIN)/Battleship.Silo.dll

load: migrate ## Cluster load: matches through an Orleans client against one silo, then pgbench (ARGS="--concurrency 32 --seconds 30")
	@mkdir -p artifacts; \
	Battleship__Silo__SiloPort=11191 Battleship__Silo__GatewayPort=30091 Battleship__Silo__WebUrl=http://127.0.0.1:8091 \
	  $(DOTNET) Silo/$(BIN)/Battleship.Silo.dll > artifacts/load-silo.log 2>&1 & silo=$$!; \
	trap 'kill $$silo 2>/dev/null; wait $$silo 2>/dev/null' EXIT; \
	for i in $$(seq 120); do curl -sf http://127.0.0.1:8091/health >/dev/null && break; sleep 0.5; done; \
	$(DOTNET) tests/Load/$(BIN)/Battleship.Load.dll $(ARGS) | tee artifacts/load.txt

load-gateway: migrate ## Gateway load: a scenario with real SignalR clients, beside pgbench (ARGS="--scenario vs-agent|rooms|lobby-churn|soak|wal --players N --seconds S"; docs/load.md)
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) ops/load/load-gateway.sh $(ARGS)

chaos: build ## Faults under load, on hosts of their own (network namespaces; root): ARGS="silo-kill|silo-hang|link-cut|gateway-kill|db-outage|trainer-kill|all [ROUNDS] [PERIOD]"; docs/chaos.md
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) ops/chaos/chaos.sh $(ARGS)

chaos-web: build web-build ## The web client (Chromium) behind the chaos hosts' load balancer while each gateway is killed mid-game (root or sudo; docs/chaos.md)
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) ops/chaos/web-failover.sh

chaos-smoke: build ## One short round of silo-kill and db-outage on the chaos hosts, 100 players (needs root or sudo; not in make test: docs/chaos.md)
	CHAOS_PLAYERS=100 CHAOS_WARMUP=20 CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) ops/chaos/chaos.sh silo-kill 2
	CHAOS_PLAYERS=100 CHAOS_WARMUP=20 CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) ops/chaos/chaos.sh db-outage 1

bench-ratings: build db-up ## Match ends against 10 and 100,000 ratings side by side; fails if p99 grows over 1.5x (ARGS="--matches 2000 --concurrency 8"; docs/load.md)
	$(DOTNET) tests/Load/$(BIN)/Battleship.Load.dll ratings --database "$$Battleship__Database__ConnectionString" $(ARGS)

load-smoke: migrate ## 15-second smoke runs of the gateway load scenarios (a) and (b) (part of make test)
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) ops/load/load-gateway.sh smoke

run: migrate web-build ## Start the product: PostgreSQL, migrations, a silo and the gateway; prints the URLs (Ctrl+C stops)
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) DOTNET_TORCH=$(DOTNET_TORCH) ops/local/stack.sh run

up: migrate web-build ## Like run, in the background (for scripts and tests); `make down` stops it
	CONFIGURATION=$(CONFIGURATION) DOTNET=$(DOTNET) DOTNET_TORCH=$(DOTNET_TORCH) ops/local/stack.sh up

down: ## Stop what `make up` started (PostgreSQL keeps running: make db-down)
	ops/local/stack.sh down

ci: ## What CI runs: lint, then the full test suite; stops what it started
	@status=0; $(MAKE) lint && $(MAKE) test || status=$$?; $(MAKE) down; $(MAKE) db-down; exit $$status

db-up: ## Install PostgreSQL if missing and start the private cluster (127.0.0.1:55432)
	db/local-postgres.sh up

db-down: ## Stop the private PostgreSQL cluster
	db/local-postgres.sh down

db-reset: ## Delete and recreate the private PostgreSQL cluster
	db/local-postgres.sh reset

# The web client (Client/: TypeScript, Vite, Preact). npm ci runs again only when the lock file changes.
CLIENT := Client
NPM_STAMP := $(CLIENT)/node_modules/.install-stamp

$(NPM_STAMP): $(CLIENT)/package.json $(CLIENT)/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ and npm are required: https://nodejs.org" >&2; exit 1; }
	cd $(CLIENT) && npm ci --no-audit --no-fund
	@touch $@

smoke: $(NPM_STAMP) ## Sign in, play a match and read its replay through URL (a deployment whose local issuer is on; default http://127.0.0.1:8000)
	node ops/stack/smoke.mjs $(or $(URL),http://127.0.0.1:8000)

web-build: $(NPM_STAMP) ## Build the web client's production bundle (Client/dist, served by the gateway)
	cd $(CLIENT) && npm run build

web-dev: $(NPM_STAMP) ## Run the web client's dev server (hot reload) proxying to a gateway (GATEWAY_URL, default http://localhost:5080)
	cd $(CLIENT) && npm run dev

web-test: $(NPM_STAMP) ## Lint (ESLint, Prettier), type-check and unit-test (Vitest, coverage) the web client
	cd $(CLIENT) && npm run lint && npx tsc --noEmit -p . && npm test

web-openapi: build db-up $(NPM_STAMP) ## Refresh Client/openapi/v1.json (the REST API) and hubs.json (the hubs) from the gateway and regenerate the client's API types
	BATTLESHIP_UPDATE_OPENAPI=1 $(DOTNET) test --project tests/Gateway.Tests $(TEST_FLAGS) --filter-method "*ClientHostingTests.OpenApi_Document_MatchesTheClientCopy" --filter-method "*HubContractTests.HubContract_MatchesTheClientCopy"
	cd $(CLIENT) && npm run types && npx prettier --check src/api/types.ts

e2e: web-build build migrate ## End-to-end browser tests (Chromium, headless) against a silo and a gateway serving the client
	$(CLIENT)/e2e/stack.sh

clean: ## Remove build outputs and artifacts
	$(DOTNET) clean $(SOLUTION) -c $(CONFIGURATION) >/dev/null || true
	rm -rf artifacts
