# A stand-in for the official haproxy:3.0 image (ops/images/local-bases.sh) on hosts without a
# registry: Debian's HAProxy, configuration at /usr/local/etc/haproxy/haproxy.cfg, user haproxy.
ARG BASE
FROM ${BASE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null \
 && apt-get clean && rm -rf /var/lib/apt/lists/* && mkdir -p /usr/local/etc/haproxy
USER haproxy
STOPSIGNAL SIGUSR1
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
