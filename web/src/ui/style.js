/*
 * The widget's look: one stylesheet inside its Shadow DOM (so the clinic's page CSS cannot break
 * it, nor it the page) and the launcher's chat icon. The Chromium tests check it with axe-core (WCAG); the layout
 * goes full screen on phones; the typing dots respect prefers-reduced-motion.
 */

export const STYLE = `
:host { all: initial !important; display: block !important; visibility: visible !important; }
*, *::before, *::after { box-sizing: border-box; }
.root { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b;
  visibility: visible; }
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #1749a3; outline-offset: 2px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center;
  gap: 8px; padding: 12px 18px; border: 0; border-radius: 999px; background: #0b5750; color: #ffffff;
  font-weight: 600; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.launcher svg { width: 22px; height: 22px; fill: currentColor; }
.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483001; width: 380px; height: min(620px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: #ffffff; border-radius: 14px; overflow: hidden;
  box-shadow: 0 10px 40px rgba(0,0,0,.3); }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: #0b5750; color: #ffffff; }
header .heading { flex: 1; min-width: 0; }
header h2 { margin: 0; font-size: 16px; font-weight: 700; }
header p { margin: 2px 0 0; font-size: 13px; }
header button { background: transparent; color: #ffffff; border: 1px solid rgba(255,255,255,.7); border-radius: 8px;
  padding: 6px 10px; font-size: 13px; }
header .close { font-size: 20px; line-height: 1; padding: 4px 10px; }
header :focus-visible { outline-color: #ffffff; }
.log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; background: #ffffff; }
.msg { display: flex; flex-direction: column; max-width: 88%; }
.msg.user { align-self: flex-end; align-items: flex-end; }
.msg.bot { align-self: flex-start; align-items: flex-start; }
.bubble { padding: 9px 12px; border-radius: 14px; white-space: normal; overflow-wrap: anywhere; }
.user .bubble { background: #0b5750; color: #ffffff; border-bottom-right-radius: 4px; white-space: pre-wrap; }
.bot .bubble { background: #eef2f1; color: #1b1b1b; border-bottom-left-radius: 4px; }
.bot.staff .bubble { background: #fff6e0; color: #1b1b1b; border-left: 3px solid #0b5750; }
.who { font-size: 12px; font-weight: 600; color: #4a4a4a; margin-bottom: 3px; }
.bot .bubble a { color: #0a4a8a; }
.bot img { max-width: 100%; border-radius: 10px; }
time { font-size: 12px; color: #555555; margin-top: 3px; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.choices button { background: #ffffff; color: #0b5750; border: 2px solid #0b5750; border-radius: 999px; padding: 6px 12px; }
.choices button:hover:not(:disabled) { background: #e3efed; }
.choices button:disabled { cursor: default; background: #f2f2f2; color: #4a4a4a; border-color: #c4c4c4; }
.choices button.chosen, .choices button.chosen:disabled { background: #0b5750; color: #ffffff; border-color: #0b5750; }
.choices button.chosen::before { content: "✓ " / ""; } /* decoration only: not part of the name */
.notice { align-self: center; max-width: 92%; background: #fff6e0; color: #3d2e00; border-radius: 10px; padding: 8px 12px;
  font-size: 14px; }
.typing { padding: 0 14px 8px; font-size: 13px; color: #555555; }
.typing[hidden], .error[hidden] { display: none; }
.typing .dots span { display: inline-block; width: 7px; height: 7px; margin-right: 3px; border-radius: 50%;
  background: #555555; animation: nm-blink 1.2s infinite; }
.typing .dots span:nth-child(2) { animation-delay: .2s; }
.typing .dots span:nth-child(3) { animation-delay: .4s; }
@keyframes nm-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .typing .dots span { animation: none; } }
.error { margin: 0 14px 8px; padding: 10px 12px; border-radius: 10px; background: #fdecea; color: #7a1a10;
  display: flex; align-items: center; gap: 10px; font-size: 14px; }
.error p { margin: 0; flex: 1; }
.error button { background: #7a1a10; color: #ffffff; border: 0; border-radius: 8px; padding: 6px 12px; font-weight: 600; }
form { display: flex; flex-wrap: wrap; gap: 8px; padding: 10px 12px 12px; border-top: 1px solid #d6dcdb; background: #ffffff; }
.locate { background: #ffffff; color: #0b5750; border: 1px solid #0b5750; border-radius: 8px; padding: 5px 10px; font-size: 13px; }
.row { display: flex; gap: 8px; width: 100%; }
textarea { flex: 1; min-height: 42px; max-height: 120px; resize: none; padding: 10px; border: 1px solid #6b6b6b;
  border-radius: 10px; background: #ffffff; color: #1b1b1b; }
.send { background: #0b5750; color: #ffffff; border: 0; border-radius: 10px; padding: 0 16px; font-weight: 600; }
.send:disabled { background: #5f6f6d; }
@media (max-width: 480px) {
  .panel { top: 0; left: 0; right: 0; bottom: 0; width: 100%; height: 100%; border-radius: 0; }
  .root.open .launcher { display: none; }
}
`;

export const ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
