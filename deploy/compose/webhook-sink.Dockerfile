# syntax=docker/dockerfile:1
# The compose demo's webhook sink: ripple-local.jar (deploy/local) running its `sink` command, which verifies every
# Standard Webhooks signature and prints each alert. Build from the repository root:
#   docker build -f deploy/compose/webhook-sink.Dockerfile .
# Stage 1 is the same in every Ripple Dockerfile, so BuildKit builds the reactor once for all images.

FROM maven:3.9.11-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests package dependency:copy-dependencies -DincludeScope=runtime

FROM eclipse-temurin:25.0.3_9-jre
# /run/ripple-sink holds the webhook secret; a named volume mounted there starts with this ownership.
RUN groupadd --system --gid 10001 ripple \
 && useradd --system --uid 10001 --gid ripple --no-create-home --shell /usr/sbin/nologin ripple \
 && mkdir -p /run/ripple-sink \
 && chown ripple:ripple /run/ripple-sink \
 && chmod 700 /run/ripple-sink
WORKDIR /app
COPY --from=build /src/deploy/local/target/ripple-local.jar /app/ripple-local.jar
USER 10001:10001
EXPOSE 8090
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=18 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8090 && printf 'GET /_log HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", "/app/ripple-local.jar"]
CMD ["help"]
