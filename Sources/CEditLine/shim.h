// libedit (BSD editline), for berth ask's line editing. el_set, el_get and history are
// variadic, which Swift cannot call: one typed wrapper per use.
#include <stdio.h>
#include <histedit.h>

typedef char *(*berth_prompt_function)(EditLine *);

// An editor reading the terminal on standard input, writing the prompt and the line to
// standard output, or to standard error when `to_stderr` (Swift 6 cannot name C's stdio
// globals, shared mutable state).
static inline EditLine *berth_el_init(const char *program, int to_stderr) {
    return el_init(program, stdin, to_stderr ? stderr : stdout, stderr);
}

static inline int berth_el_set_prompt(EditLine *el, berth_prompt_function prompt) {
    return el_set(el, EL_PROMPT, prompt);
}

static inline int berth_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

// libedit restores the terminal on a signal (Ctrl-C), then passes it on to the handler
// that was there before.
static inline int berth_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

static inline int berth_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

static inline int berth_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *berth_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int berth_history_setsize(History *h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}

static inline int berth_history_setunique(History *h, int on) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, on);
}

static inline int berth_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}
