/** What the Slack bot posts for one answer: fallback text, blocks, and a file when text is too long. */
import type { Block } from './blocks';

export interface SlackFile {
  filename: string;
  title: string;
  content: string;
}

export interface SlackReply {
  /** the notification / fallback text (plain) */
  text: string;
  blocks: Block[];
  /** attached with files.uploadV2 in the same thread when set */
  file?: SlackFile;
}

export interface RenderOptions {
  tz: string;
}
