#!/bin/sh
# Entrypoint modelled on the official memcached image.
set -e

# `docker run IMAGE -m 64` means `memcached -m 64`.
case "$1" in
    -*) set -- memcached "$@" ;;
esac

# Root (docker run --user root) must name an unprivileged user or memcached refuses to start.
if [ "$1" = 'memcached' ] && [ "$(id -u)" = '0' ]; then
    case " $* " in
        *' -u '* | *' --user='* | *' --user '*) ;;
        *) shift; set -- memcached -u memcache "$@" ;;
    esac
fi

exec "$@"
