# syntax=docker/dockerfile:1
# vsbot: build with the dev dependencies, run with the production ones only, as a non-root user.
# test/deploy/dockerfile-steps.test.ts performs these steps outside Docker, so keep them plain.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# The better-sqlite3 addon builds from source where no prebuilt binary fits this platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
RUN npm run build && npm prune --omit=dev && mkdir -p data

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
  VSBOT_METRICS_PORT=9090
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# The default store is sqlite://./data/vsbot.sqlite: keep it on a volume the node user owns.
COPY --from=build --chown=node:node /app/data ./data
USER node
VOLUME ["/app/data"]
# PORT for the Slack HTTP receiver and the Discord interactions endpoint; 9090 for monitoring.
EXPOSE 3000 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.VSBOT_METRICS_PORT||9090)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/vsbot.js"]
