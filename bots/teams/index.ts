/**
 * The Teams bot as a service part: botbuilder's CloudAdapter behind `POST /api/messages` on the
 * service's express app. Every botbuilder import stays in bots/teams/.
 *
 *   const teams = teamsBotFromConfig(config, { store, logger, redis, prefix });
 *   mount.push(teams.mount); extraParts.push(teams);
 *
 * Without an app id the endpoint answers 401 to everything, unless unauthenticated use was
 * allowed (TEAMS_ALLOW_UNAUTHENTICATED=true, local testing only; refused in production by the
 * configuration), which logs a warning at start.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type Redis from 'ioredis';
import type { AskStore } from '../../src/ask';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/log/logger';
import type { AdaptiveCard } from './render';
import { RedisSubscriptionStore, sendToSubscribers, type SendResult, type SubscriptionStore } from './subscriptions';
import { TeamsTurnHandler } from './turn-handler';

export interface TeamsBotOptions {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** accept requests without a Bot Framework token (only when there is no app id) */
  allowUnauthenticated?: boolean;
  allowedTenants?: string[];
  allowedTeams?: string[];
  allowedChannels?: string[];
  maskNumbers?: boolean;
  rateLimitPerMin?: number;
  store: AskStore;
  tz: string;
  logger: Logger;
  subscriptions?: SubscriptionStore | null;
  clock?: () => number;
  /** told at start whether the bot can answer (true with an app id or unauthenticated use), false at stop */
  onReady?: (ready: boolean) => void;
}

export interface TeamsBot {
  readonly name: string;
  readonly adapter: CloudAdapter;
  /** the Microsoft App ID ('' when unauthenticated), for continueConversationAsync */
  readonly appId: string;
  readonly subscriptions: SubscriptionStore | null;
  /** adds POST /api/messages to the service's app */
  mount(app: Express): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** posts a card to every subscribed conversation (alerts, digest) */
  sendToSubscribers(message: { card: AdaptiveCard; text: string }): Promise<SendResult>;
}

export function createTeamsBot(o: TeamsBotOptions): TeamsBot {
  const logger = o.logger.child({ component: 'teams-bot' });
  const appId = o.appId ?? '';
  const open = appId !== '' || o.allowUnauthenticated === true;
  const auth = new ConfigurationBotFrameworkAuthentication(
    appId
      ? { MicrosoftAppId: appId, MicrosoftAppPassword: o.appPassword, MicrosoftAppTenantId: o.appTenantId, MicrosoftAppType: o.appType ?? 'MultiTenant' }
      : {},
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx: TurnContext, err: Error) => {
    logger.error({ err: err.message, conversation: ctx.activity.conversation?.id }, 'teams turn failed');
  };
  const subscriptions = o.subscriptions ?? null;
  const handler = new TeamsTurnHandler({
    store: o.store,
    tz: o.tz,
    logger,
    access: { tenants: o.allowedTenants ?? [], teams: o.allowedTeams ?? [], channels: o.allowedChannels ?? [] },
    maskNumbers: o.maskNumbers ?? false,
    rateLimitPerMin: o.rateLimitPerMin ?? 20,
    subscriptions,
    clock: o.clock ?? Date.now,
  });
  return {
    name: 'teams-bot',
    adapter,
    appId,
    subscriptions,
    mount(app: Express): void {
      app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
        if (!open) {
          logger.warn({ ip: req.ip }, 'teams request refused: MICROSOFT_APP_ID is not set');
          res.status(401).json({ error: 'the Teams bot has no MICROSOFT_APP_ID configured' });
          return;
        }
        try {
          await adapter.process(req, res, (ctx) => handler.onTurn(ctx));
        } catch (err) {
          // what escapes the adapter is the request itself (not an activity: no type, not an object);
          // a failing turn is caught by onTurnError
          logger.warn({ ip: req.ip, err: err instanceof Error ? err.message : String(err) }, 'teams request refused: not a valid activity');
          if (!res.headersSent) {
            res.status(400).json({ error: 'not a valid Bot Framework activity' });
          }
        }
      });
      // a body that is not JSON or is over the limit: a short JSON answer, not express's HTML page with a stack trace
      app.use('/api/messages', (err: unknown, req: Request, res: Response, next: NextFunction) => {
        const type = typeof err === 'object' && err !== null && 'type' in err ? err.type : undefined;
        if (type !== 'entity.parse.failed' && type !== 'entity.too.large') {
          next(err);
          return;
        }
        const why = type === 'entity.too.large' ? 'the request body is larger than 1 MB' : 'the request body is not valid JSON';
        logger.warn({ ip: req.ip, why }, 'teams request refused');
        res.status(type === 'entity.too.large' ? 413 : 400).json({ error: why });
      });
    },
    // Nothing here waits on Microsoft: the Bot Connector and Azure AD are reached per request
    // (the token of a reply is fetched when the reply is sent), never at start
    async start(): Promise<void> {
      o.onReady?.(open);
      if (!appId && o.allowUnauthenticated) {
        logger.warn({}, 'TEAMS_ALLOW_UNAUTHENTICATED=true: /api/messages accepts requests without a Bot Framework token (local testing only)');
      } else if (!appId) {
        logger.info({}, 'the Teams bot has no MICROSOFT_APP_ID: /api/messages refuses every request (401)');
      } else {
        logger.info({ appId, appType: o.appType ?? 'MultiTenant' }, 'teams bot ready');
      }
    },
    async stop(): Promise<void> {
      // the adapter holds no connections of its own; requests end with the HTTP server
      o.onReady?.(false);
    },
    sendToSubscribers(message) {
      if (!subscriptions) {
        return Promise.resolve({ sent: 0, failed: 0 });
      }
      return sendToSubscribers(adapter, appId, subscriptions, message, logger);
    },
  };
}

/**
 * The Teams bot of the configuration. Without MICROSOFT_APP_ID (and without
 * TEAMS_ALLOW_UNAUTHENTICATED) it still mounts `/api/messages`, which then answers 401 to every
 * request: a clear refusal rather than a 404.
 */
export function teamsBotFromConfig(
  config: Config,
  deps: { store: AskStore; logger: Logger; redis?: Redis; prefix?: string; onReady?: (ready: boolean) => void },
): TeamsBot {
  const b = config.bots;
  return createTeamsBot({
    appId: b.MICROSOFT_APP_ID,
    appPassword: b.MICROSOFT_APP_PASSWORD,
    appTenantId: b.MICROSOFT_APP_TENANT_ID,
    appType: b.MICROSOFT_APP_TYPE,
    allowUnauthenticated: b.TEAMS_ALLOW_UNAUTHENTICATED,
    allowedTenants: b.TEAMS_ALLOWED_TENANTS,
    allowedTeams: b.TEAMS_ALLOWED_TEAMS,
    allowedChannels: b.TEAMS_ALLOWED_CHANNELS,
    maskNumbers: b.SIPSLEUTH_MASK_NUMBERS,
    rateLimitPerMin: b.SIPSLEUTH_RATE_LIMIT_PER_MIN,
    store: deps.store,
    tz: config.service.SIPSLEUTH_TZ,
    logger: deps.logger,
    subscriptions: deps.redis ? new RedisSubscriptionStore(deps.redis, deps.prefix ?? 'sipsleuth') : null,
    onReady: deps.onReady,
  });
}
