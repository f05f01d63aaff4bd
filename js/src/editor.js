// The CodeMirror editor, mounted in a shadow root so its styles go into a constructed
// style sheet (adoptedStyleSheets), which a strict CSP (style-src 'self') allows.
import { EditorState, Prec, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration, EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter,
  keymap, lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { StreamLanguage, bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { classHighlighter } from "@lezer/highlight";
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { theme } from "./theme.js";

const setErrorLine = StateEffect.define();

const errorLine = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes); // kept, like the diagnostic, until the next run
    for (const effect of tr.effects) {
      if (!effect.is(setErrorLine)) continue;
      marks = effect.value === null
        ? Decoration.none
        : Decoration.set([Decoration.line({ class: "cm-errorLine" }).range(effect.value)]);
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// Typed text replacing a selection is applied by the editor itself: the browser's own
// editing would wrap it in style="" spans, which the CSP refuses (a console error).
const replaceTyped = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== "insertText" || !event.data || view.composing) return false;
    if (view.state.selection.ranges.every((r) => r.empty)) return false;
    event.preventDefault();
    view.dispatch(view.state.update(view.state.replaceSelection(event.data), {
      userEvent: "input.type", scrollIntoView: true,
    }));
    return true;
  },
});

/** Replace a textarea with an editor; return the EditorView. */
export function createEditor(textarea, { run, complete, extra, label }) {
  const host = document.createElement("div");
  host.className = "editor-host";
  textarea.after(host);
  const root = host.attachShadow({ mode: "open" });
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (run(), true) }])),
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(),
        history(), bracketMatching(), closeBrackets(), indentOnInput(), lintGutter(),
        StreamLanguage.define(sparql), syntaxHighlighting(classHighlighter),
        autocompletion({ override: [complete] }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
        errorLine, theme, extra, replaceTyped,
        EditorView.contentAttributes.of({ "aria-label": label, spellcheck: "false", tabindex: "0" }),
        EditorView.updateListener.of((u) => { if (u.docChanged) textarea.value = u.state.doc.toString(); }),
      ],
    }),
  });
  textarea.hidden = true;
  return view;
}

/** Replace the editor's text (as one undoable change). */
export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Mark a 1-based line and column as the place of an error, with its message. */
export function markError(view, lineNo, column, message) {
  const doc = view.state.doc;
  const line = doc.line(Math.max(1, Math.min(lineNo, doc.lines)));
  let from = Math.min(line.from + Math.max(0, column - 1), line.to);
  let to = Math.min(from + 1, line.to);
  if (from === to && from > line.from) from -= 1;
  view.dispatch(setDiagnostics(view.state, [{ from, to, severity: "error", message }]));
  view.dispatch({ effects: setErrorLine.of(line.from), selection: { anchor: from } });
}

/** Remove any error mark. */
export function clearError(view) {
  view.dispatch(setDiagnostics(view.state, []));
  view.dispatch({ effects: setErrorLine.of(null) });
}
