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

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

