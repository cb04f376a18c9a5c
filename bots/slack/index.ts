/**
 * The Slack bot as a service part. HTTP mode: an ExpressReceiver whose router is mounted on the
 * service's express app at `/slack/events` (`mount(app)`). Socket Mode when an app token is set.
 *
 * `start()` never waits on Slack, so that the parts started after the bot (ingest) never do: it
 * asks Slack who the bot is (auth.test) and, in Socket Mode, opens the connection, both in the
 * background (readiness.ts), again at growing intervals while Slack is out of reach or answers
 * errors. The bot is ready (`state()`, `onReady`) once auth.test answered (and, in Socket Mode,
 * the connection is open); what reaches it before is answered with a note to ask again later
 * (not-ready.ts). A final refusal of a token (invalid_auth, not_authed, account_inactive…) is
 * logged as an error once and the service goes on without the bot. The Socket Mode client does
 * not reconnect by itself (its own reconnects reject where nothing can catch them, which ends the
 * process when Slack refuses the app token then): a closed connection is opened again here.
 *
 *   const slack = slackBotFromConfig(config, { store, logger, tz, redis, prefix });
 *   if (slack) { mount.push(slack.mount); extraParts.push(slack); }
 */
import { App, ExpressReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
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
import { registerNotReadyGate, type SlackBotState } from './not-ready';
import { retryInBackground, type BackgroundRetry } from './readiness';

export type { SlackBotState } from './not-ready';

/** How hard the bot tries to reach Slack (tests make it short). */
export interface SlackRetryPolicy {
  /** retries of the answers' Web API calls (@slack/web-api); default ten retries in about 30 minutes */
  retryConfig?: webApi.RetryOptions;
  /**
   * ms auth.test and apps.connections.open may take (default 10 s). They are not retried by the
   * Web API client: the bot asks again itself, after `againAfterMs`, and stops asking on stop()
   */
  checkTimeoutMs?: number;
  /** pause before asking again after auth.test or the connection failed for a reason that may pass (default 30 s, doubled up to 10 min) */
  againAfterMs?: number;
  maxAgainAfterMs?: number;
}

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
  retry?: SlackRetryPolicy;
  /** called when the bot becomes ready (true) or stops being so (false) */
  onReady?: (ready: boolean) => void;
}

export interface SlackBot {
  readonly name: string;
  readonly mode: 'http' | 'socket';
  readonly app: App;
  /** adds POST /slack/events to the service's app (HTTP mode; nothing in Socket Mode) */
  mount(app: Express): void;
  /** returns at once: what waits on Slack goes on in the background */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** ready: auth.test answered (and, in Socket Mode, the connection is open) */
  state(): SlackBotState;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createSlackBot(o: SlackBotOptions): SlackBot {
  const logger = o.logger.child({ component: 'slack-bot' });
  const blog = boltLogger(logger);
  const r = o.retry ?? {};
  const clientOptions: webApi.WebClientOptions = {
    ...(o.apiUrl ? { slackApiUrl: withSlash(o.apiUrl) } : {}),
    ...(r.retryConfig ? { retryConfig: r.retryConfig } : {}),
  };
  // auth.test and apps.connections.open: one try each (a Web API retry runs on after stop(), up to
  // 30 minutes, or hours for the Socket Mode client's own 100 retries); readiness.ts asks again
  const checkOptions: webApi.WebClientOptions = { ...clientOptions, retryConfig: { retries: 0 }, timeout: r.checkTimeoutMs ?? 10_000, logger: blog };
  const checker = new webApi.WebClient(o.botToken, checkOptions);
  const socket = o.appToken !== undefined;
  let identity: { botId?: string; botUserId?: string } | null = null;
  // Bolt given the token itself calls auth.test in its constructor, with nothing to catch a
  // refusal (an unhandled rejection: the process exits) and makes every event wait on it
  const authorize = async (): Promise<{ botToken: string; botId?: string; botUserId?: string }> => ({ botToken: o.botToken, ...identity });
  let receiver: ExpressReceiver | null = null;
  let socketReceiver: SocketModeReceiver | null = null;
  let app: App;
  if (socket) {
    if (!o.appToken?.startsWith('xapp-')) {
      // Slack would refuse a bot token (not_allowed_token_type) only once the service runs: say so at once
      throw new ConfigError(['SLACK_APP_TOKEN: Socket Mode needs an app-level token (xapp-…, with the connections:write scope); the bot token (xoxb-…) goes in SLACK_BOT_TOKEN']);
    }
    // The Socket Mode client writes its own retries (100) into the client options it gets when they
    // have none: given Bolt's own object, the listeners' clients (answers, files) got them too
    socketReceiver = new SocketModeReceiver({
      appToken: o.appToken,
      logger: blog,
      autoReconnectEnabled: false,
      installerOptions: { clientOptions: { ...checkOptions } },
    });
    app = new App({ receiver: socketReceiver, authorize, clientOptions, logger: blog });
  } else {
    if (!o.signingSecret) {
      throw new ConfigError(['SLACK_SIGNING_SECRET: the Slack bot in HTTP mode needs it (or set SLACK_APP_TOKEN for Socket Mode)']);
    }
    receiver = new ExpressReceiver({ signingSecret: o.signingSecret, endpoints: '/slack/events', logger: blog });
    app = new App({ receiver, authorize, clientOptions, logger: blog });
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

  let state: SlackBotState = 'stopped';
  let connected = !socket;
  let who: BackgroundRetry | null = null;
  let link: BackgroundRetry | null = null;
  const setState = (next: SlackBotState): void => {
    if (next !== state) {
      const was = state;
      state = next;
      if ((was === 'ready') !== (next === 'ready')) {
        o.onReady?.(next === 'ready');
      }
    }
  };
  const becomeReadyIfAll = (): void => {
    if (state === 'starting' && identity !== null && connected) {
      setState('ready');
      logger.info({ mode: socket ? 'socket' : 'http', bot: identity.botUserId }, 'slack bot ready');
    }
  };
  const refused = (what: string) => (e: unknown): void => {
    setState('refused');
    logger.error({ err: String(e) }, `slack refused the ${what}: check it (the Slack bot is off; the service goes on)`);
  };
  const backoff = {
    againAfterMs: r.againAfterMs ?? 30_000,
    maxAgainAfterMs: r.maxAgainAfterMs ?? 600_000,
  };
  const askWhoIAm = (): BackgroundRetry =>
    retryInBackground(
      async () => {
        const me = await checker.auth.test();
        identity = { botId: me.bot_id, botUserId: me.user_id };
        logger.info({ bot: me.user, team: me.team }, 'slack auth.test answered');
        becomeReadyIfAll();
      },
      {
        ...backoff,
        onRetry: (e, ms) => logger.warn({ err: String(e), againInMs: ms }, 'slack auth.test failed; the bot answers once it succeeds (the service goes on)'),
        onRefused: refused('bot token (SLACK_BOT_TOKEN)'),
      },
    );
  const openConnection = (sr: SocketModeReceiver): BackgroundRetry => {
    const attempt = async (): Promise<void> => {
      await sr.client.start();
      if (state === 'stopped') {
        // stop() came while the connection was being opened
        await sr.client.disconnect();
        return;
      }
      connected = true;
      becomeReadyIfAll();
    };
    return retryInBackground(attempt, {
      ...backoff,
      onRetry: (e, ms) => logger.warn({ err: String(e), againInMs: ms }, 'slack socket mode could not connect; trying again (the service goes on)'),
      onRefused: refused('app token (SLACK_APP_TOKEN)'),
    });
  };
  if (socketReceiver) {
    const sr = socketReceiver;
    // without its own reconnects, the client says 'disconnected' when a connection closes (and
    // when an attempt to open one fails, which the attempt itself reports)
    sr.client.on('disconnected', () => {
      if (!connected || state === 'stopped' || state === 'refused') {
        return;
      }
      connected = false;
      if (state === 'ready') {
        setState('starting');
      }
      logger.info({}, 'slack socket mode connection closed; opening a new one');
      link = openConnection(sr);
    });
  }

  registerNotReadyGate(app, () => state, () => who?.now(), logger);
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
      setState('starting');
      who = askWhoIAm();
      if (socketReceiver) {
        link = openConnection(socketReceiver);
      }
    },
    async stop(): Promise<void> {
      setState('stopped');
      who?.stop();
      link?.stop();
      if (socketReceiver) {
        connected = false;
        await app.stop();
      }
    },
    state: () => state,
  };
}

/** The Slack bot the configuration asks for, or null when its credentials are not set. */
export function slackBotFromConfig(
  config: Config,
  deps: { store: AskStore; logger: Logger; redis?: Redis; prefix?: string; retry?: SlackRetryPolicy; onReady?: (ready: boolean) => void },
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
    retry: deps.retry,
    onReady: deps.onReady,
  });
}
