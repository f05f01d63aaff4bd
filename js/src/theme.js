// The editor's look: colours with at least 4.5:1 contrast on white (WCAG AA).
import { EditorView } from "@codemirror/view";

export const theme = EditorView.theme({
  "&": { border: "1px solid #8aa", borderRadius: "4px", background: "#fff", color: "#1b1f23", fontSize: ".9rem" },
  "&.cm-focused": { outline: "3px solid #ffbf47", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace', minHeight: "14rem", maxHeight: "32rem", overflow: "auto" },
  ".cm-content": { padding: ".4rem 0" },
  ".cm-gutters": { background: "#f3f6f9", color: "#4a5560", borderRight: "1px solid #d5dde5" },
  ".cm-activeLine": { background: "#f5f9fc" },
  ".cm-activeLineGutter": { background: "#e6eef5" },
  ".cm-errorLine": { background: "#fdf1f0" },
  ".cm-matchingBracket": { background: "#d9ead3", outline: "1px solid #6a8f5c" },
  ".cm-nonmatchingBracket": { background: "#fdf1f0", outline: "1px solid #b3261e" },
  ".tok-keyword": { color: "#7a1f8c", fontWeight: "600" },
  ".tok-variableName": { color: "#0b5394" },
  ".tok-atom": { color: "#6b4500" },
  ".tok-string": { color: "#1d6b25" },
  ".tok-comment": { color: "#5b6670", fontStyle: "italic" },
  ".tok-meta": { color: "#5b6670" },
  ".tok-operator": { color: "#8c1d18" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { background: "#0b3d62", color: "#fff" },
  ".cm-completionDetail": { color: "#4a5560", marginLeft: "1em", fontStyle: "normal" },
  ".cm-tooltip-autocomplete ul li[aria-selected] .cm-completionDetail": { color: "#fff" },
  ".cm-tooltip": { background: "#fff", border: "1px solid #8aa" },
  ".cm-diagnostic-error": { borderLeft: "5px solid #b3261e" },
  // The lint package draws these with data: images, which img-src 'self' refuses.
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy #b3261e", textDecorationSkipInk: "none" },
  ".cm-lint-marker-error": { content: "normal", background: "#b3261e", borderRadius: "50%" },
});
