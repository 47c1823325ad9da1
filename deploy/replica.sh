#!/bin/sh
# compose.yaml's `replica`: on first start, copy the primary with pg_basebackup (-R: a standby that follows
# it), then run PostgreSQL as a hot standby. Later starts find the copy and go on streaming.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_basebackup -h db -U catalogue -D "$PGDATA" -R -X stream -c fast; do
        echo "Waiting for the primary..."
        sleep 2
    done
    chmod 700 "$PGDATA"
fi
exec postgres
