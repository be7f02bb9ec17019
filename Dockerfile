# ankiconnectd in a container: Debian 12, built in one stage, run in another that holds only the shared
# libraries the binary loads (packaging/runtime-packages.txt, checked against the binary by
# tests/packaging_test.sh), as a fixed non-root user, with the profiles in the /data volume.
#
#   docker build -t ankiconnectd .
#   docker run -d -p 127.0.0.1:8765:8765 -p 127.0.0.1:8767:8767 -v ankiconnectd:/data \
#     -e ANKICONNECT_API_KEY=... ankiconnectd
#
# Configuration comes from ANKICONNECT_* environment variables (README: Configuration), or from a file
# mounted at /etc/ankiconnectd/config.yaml with `serve --config /etc/ankiconnectd/config.yaml`.
# (No image was built where this file was written: no container daemon there. The runtime list and the
# healthcheck script are tested against the built binary; the .deb is tested unpacked.)

# --- build ---------------------------------------------------------------------------------------
FROM debian:12 AS build
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN WITH_BROWSER=0 bash /tmp/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build /build --target ankiconnectd ankiconnectd_man -j"$(nproc)" \
 && DESTDIR=/out cmake --install /build --prefix /usr --strip

# --- runtime -------------------------------------------------------------------------------------
FROM debian:12-slim
COPY packaging/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update \
 && grep -E '^[a-z0-9]' /tmp/runtime-packages.txt | xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && groupadd --gid 10001 ankiconnectd \
 && useradd --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin ankiconnectd \
 && mkdir -p /data && chown 10001:10001 /data && chmod 0700 /data
COPY --from=build /out/usr/bin/ankiconnectd /usr/bin/ankiconnectd
COPY --from=build /out/usr/share/doc/ankiconnectd/ /usr/share/doc/ankiconnectd/
COPY packaging/healthcheck /usr/lib/ankiconnectd/healthcheck

# Listen on every interface of the container (publish the ports on the host's loopback, or set
# ANKICONNECT_API_KEY); the admin listener (status page, /metrics, /healthz) on 8767.
ENV ANKICONNECT_DATA_DIR=/data \
    ANKICONNECT_WEB_BIND_ADDRESS=0.0.0.0 \
    ANKICONNECT_ADMIN_BIND_ADDRESS=0.0.0.0 \
    ANKICONNECT_ADMIN_BIND_PORT=8767
VOLUME /data
EXPOSE 8765 8767
USER 10001:10001
WORKDIR /data
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 CMD ["/usr/lib/ankiconnectd/healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/ankiconnectd"]
CMD ["serve"]
