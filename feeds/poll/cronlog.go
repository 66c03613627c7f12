package poll

import "log/slog"

// cronLogger adapts slog to cron.Logger. Cron's routine messages (wake,
// run, schedule) go to debug: at info they would drown the poll lines.
type cronLogger struct{ log *slog.Logger }

func (c cronLogger) Info(msg string, keysAndValues ...any) {
	c.log.Debug("cron: "+msg, keysAndValues...)
}

func (c cronLogger) Error(err error, msg string, keysAndValues ...any) {
	c.log.Error("cron: "+msg, append([]any{"error", err}, keysAndValues...)...)
}
