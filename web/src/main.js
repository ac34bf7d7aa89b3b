/*
 * Entry point of the NextMed Clinic chat widget; web/build.mjs bundles it with everything it
 * imports into the single file web/widget.js that pages embed:
 *
 *   <script src="https://.../widget.js" data-server="https://rasa.example" defer></script>
 *
 * Options (data-* on the script tag):
 *   data-server        Rasa base URL (default: the origin widget.js was loaded from)
 *   data-lang          UI and message language (default: <html lang>, then "en")
 *   data-init-payload  sent when a conversation starts (default "/greet")
 *
 * Talks to the `webchat` Rasa channel (channels/webchat.py) over plain HTTP:
 *   POST {server}/webhooks/webchat/webhook  {sender, message, metadata}
 *   GET  {server}/webhooks/webchat/history?sender=<uuid>
 *
 * document.currentScript is only set while the script first runs, so the tag is read here,
 * at the top level of the bundle, and nowhere else.
 */

import { boot } from './boot.js';

if (typeof document !== 'undefined' && document.currentScript) boot(document.currentScript);
