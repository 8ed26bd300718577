# customer_seg: PGXS build.  `make && make install`, then `make installcheck`
# against a running server (PGHOST/PGPORT/PGUSER as usual).

EXTENSION  = customer_seg
EXTVERSION = 0.2.0

MODULE_big = customer_seg
OBJS       = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
PGFILEDESC = "customer_seg - customer segmentation and receivables collection"

DATA       = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))
DATA_built = sql/$(EXTENSION)--$(EXTVERSION).sql

# Every sql/<name>.sql except the install script is a pg_regress test.
REGRESS      = $(filter-out $(EXTENSION)%,$(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION)

# TAP tests (multi-session, restarts) live in test/t/; PGXS runs them from
# `make installcheck` once there are any.  initdb refuses root: run as a
# normal user (test/check does).
ifneq ($(wildcard test/t/*.pl),)
TAP_TESTS   = 1
PROVE_TESTS = $(wildcard test/t/*.pl)
endif

EXTRA_CLEAN = sql/$(EXTENSION)--$(EXTVERSION).sql results regression.diffs regression.out

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

sql/$(EXTENSION)--$(EXTVERSION).sql: sql/$(EXTENSION).sql
	cp $< $@
