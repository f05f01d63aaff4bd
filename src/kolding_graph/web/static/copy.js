// Copy buttons: <button data-copy="ID" data-done="Copied" hidden> copies the
// text of element ID. Without JavaScript the button stays hidden and the text
// can still be selected and copied by hand.
"use strict";
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  if (!source) {
    return;
  }
  const done = () => {
    button.textContent = button.dataset.done;
  };
  const select = () => {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };
  button.hidden = false;
  button.addEventListener("click", () => {
    const text = source.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, select);
    } else {
      select();
      if (document.execCommand("copy")) {
        done();
      }
    }
  });
});
