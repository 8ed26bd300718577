# customer_seg: PGXS build.  `make && make install`, then `make installcheck`
# against a running server (PGHOST/PGPORT/PGUSER as usual).

EXTENSION  = customer_seg

MODULE_big = customer_seg
OBJS       = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
PGFILEDESC = "customer_seg - customer segmentation and receivables collection"

# Scripts: sql/customer_seg--0.1.0.sql is the first release's full script and
# each sql/customer_seg--A--B.sql an upgrade.  There is no full script for a
# later version: CREATE EXTENSION installs the default version by running
# 0.1.0's script and then the upgrade chain (as contrib/hstore does), so no
# definition is written twice.  New objects go into the newest upgrade script.
UPGRADES   = $(sort $(wildcard sql/$(EXTENSION)--*--*.sql))
DATA       = sql/$(EXTENSION)--0.1.0.sql $(UPGRADES)

# Every sql/<name>.sql except the install scripts is a pg_regress test.
REGRESS      = $(filter-out $(EXTENSION)%,$(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION)

# TAP tests (multi-session, restarts) live in test/t/; PGXS runs them from
# `make installcheck` once there are any.  initdb refuses root: run as a
# normal user (test/check does).
ifneq ($(wildcard test/t/*.pl),)
TAP_TESTS   = 1
PROVE_TESTS = $(wildcard test/t/*.pl)
endif

EXTRA_CLEAN = results regression.diffs regression.out

# No fused multiply-add contraction: a * b + c rounds twice, as SQL's float8
# operators do, on every platform (compilers for arm64 and other targets with
# an FMA instruction fuse by default, x86-64 without -mfma cannot), so float8
# answers such as loyalty_score and float8 shares are the same everywhere.
# `override` appends to a PG_CFLAGS given on the command line.
override PG_CFLAGS += -ffp-contract=off

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

