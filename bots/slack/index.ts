/**
 * The Slack bot as a service part. HTTP mode: an ExpressReceiver whose router is mounted on the
 * service's express app at `/slack/events` (`mount(app)`). Socket Mode when an app token is set:
 * `start()` opens the connection without waiting for Slack to take it (@slack/socket-mode asks
 * again on its own, at growing intervals, while Slack refuses or is out of reach), so that the
 * parts started after the bot (ingest) never wait on Slack.
 *
 *   const slack = slackBotFromConfig(config, { store, logger, tz, redis, prefix });
 *   if (slack) { mount.push(slack.mount); extraParts.push(slack); }
 */
import { App, ExpressReceiver } from '@slack/bolt';
import type { Express } from 'express';
import type Redis from 'ioredis';
import type { AskStore } from '../../src/ask';
import type { Config } from '../../src/config';
import { ConfigError } from '../../src/errors';
import type { Logger } from '../../src/log/logger';
import { SlackAsker } from './asker';
import { boltLogger } from './bolt-logger';
import { MemoryEventDedupe, RedisEventDedupe, type EventDedupe } from './event-dedupe';
import { registerListeners } from './listeners';

export interface SlackBotOptions {
  botToken: string;
  /** HTTP mode (required unless appToken is set) */
  signingSecret?: string;
  /** Socket Mode when set: an app-level token (`xapp-…`) */
  appToken?: string;
  /** base URL of Slack's Web API (tests, gateways); default https://slack.com/api/ */
  apiUrl?: string;
  allowedChannels?: string[];
  allowedUsers?: string[];
  maskNumbers?: boolean;
  rateLimitPerMin?: number;
  store: AskStore;
  /** zone of shown times and of `today` */
  tz: string;
  logger: Logger;
  /** default: in memory (one process) */
  dedupe?: EventDedupe;
  clock?: () => number;
}

export interface SlackBot {
  readonly name: string;
  readonly mode: 'http' | 'socket';
  readonly app: App;
  /** adds POST /slack/events to the service's app (HTTP mode; nothing in Socket Mode) */
  mount(app: Express): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createSlackBot(o: SlackBotOptions): SlackBot {
  const logger = o.logger.child({ component: 'slack-bot' });
  const blog = boltLogger(logger);
  const clientOptions = o.apiUrl ? { slackApiUrl: withSlash(o.apiUrl) } : {};
  const socket = o.appToken !== undefined;
  let receiver: ExpressReceiver | null = null;
  let app: App;
  if (socket) {
    if (!o.appToken?.startsWith('xapp-')) {
      // Slack answers a bot token with not_allowed_token_type, which the Socket Mode client retries for ever
      throw new ConfigError(['SLACK_APP_TOKEN: Socket Mode needs an app-level token (xapp-…, with the connections:write scope); the bot token (xoxb-…) goes in SLACK_BOT_TOKEN']);
    }
    // The Socket Mode client sets its own retries (100, for apps.connections.open) into the client
    // options it gets; given Bolt's own object, the listeners' clients (answers, files) got them too
    const socketClientOptions = { ...clientOptions };
    app = new App({ token: o.botToken, appToken: o.appToken, socketMode: true, clientOptions, installerOptions: { clientOptions: socketClientOptions }, logger: blog });
  } else {
    if (!o.signingSecret) {
      throw new ConfigError(['SLACK_SIGNING_SECRET: the Slack bot in HTTP mode needs it (or set SLACK_APP_TOKEN for Socket Mode)']);
    }
    receiver = new ExpressReceiver({ signingSecret: o.signingSecret, endpoints: '/slack/events', logger: blog });
    app = new App({ token: o.botToken, receiver, clientOptions, logger: blog });
  }
  const clock = o.clock ?? Date.now;
  const asker = new SlackAsker({
    store: o.store,
    tz: o.tz,
    logger,
    access: { channels: o.allowedChannels ?? [], users: o.allowedUsers ?? [] },
    maskNumbers: o.maskNumbers ?? false,
    rateLimitPerMin: o.rateLimitPerMin ?? 20,
    clock,
  });
  const checkToken = async (): Promise<void> => {
    try {
      const me = await app.client.auth.test();
      logger.info({ mode: socket ? 'socket' : 'http', bot: me.user, team: me.team }, 'slack bot ready');
    } catch (e) {
      logger.warn({ err: String(e) }, 'slack auth.test failed: check SLACK_BOT_TOKEN (the bot keeps running)');
    }
  };
  let stopping = false;
  registerListeners(app, { asker, dedupe: o.dedupe ?? new MemoryEventDedupe(), logger, store: o.store, tz: o.tz, clock });
  app.error(async (err) => {
    logger.error({ err: err.message, code: err.code }, 'slack listener error');
  });
  return {
    name: 'slack-bot',
    mode: socket ? 'socket' : 'http',
    app,
    mount(express: Express): void {
      if (receiver) {
        express.use(receiver.router);
      }
    },
    async start(): Promise<void> {
      if (!socket) {
        await checkToken();
        return;
      }
      stopping = false;
      // resolves on Slack's hello; rejects when Slack refuses the app token for good (invalid_auth…)
      void app.start().then(checkToken, (e: unknown) => {
        if (!stopping) {
          logger.error({ err: String(e) }, 'slack socket mode could not connect: check SLACK_APP_TOKEN (the Slack bot is off; the service goes on)');
        }
      });
    },
    async stop(): Promise<void> {
      if (socket) {
        stopping = true;
        await app.stop();
      }
    },
  };
}

/** The Slack bot the configuration asks for, or null when its credentials are not set. */
export function slackBotFromConfig(
  config: Config,
  deps: { store: AskStore; logger: Logger; redis?: Redis; prefix?: string },
): SlackBot | null {
  const b = config.bots;
  if (!b.SLACK_BOT_TOKEN || (!b.SLACK_SIGNING_SECRET && !b.SLACK_APP_TOKEN)) {
    return null;
  }
  return createSlackBot({
    botToken: b.SLACK_BOT_TOKEN,
    signingSecret: b.SLACK_SIGNING_SECRET,
    appToken: b.SLACK_APP_TOKEN,
    apiUrl: b.SLACK_API_URL,
    allowedChannels: b.SLACK_ALLOWED_CHANNELS,
    allowedUsers: b.SLACK_ALLOWED_USERS,
    maskNumbers: b.SIPSLEUTH_MASK_NUMBERS,
    rateLimitPerMin: b.SIPSLEUTH_RATE_LIMIT_PER_MIN,
    store: deps.store,
    tz: config.service.SIPSLEUTH_TZ,
    logger: deps.logger,
    dedupe: deps.redis ? new RedisEventDedupe(deps.redis, deps.prefix ?? 'sipsleuth', deps.logger) : undefined,
  });
}
