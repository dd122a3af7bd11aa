// What every model's update returns, on both screens (bubbletea's Cmd): the next model and the
// effects the program performs for it, in order. Effects that must be durable run before the model
// is shown: the kiosk's records are appended and fsynced, and a review's acknowledgement likewise,
// before any screen says so; when one fails, the old model stays and the screen says why.
export interface Update<M, C> {
  readonly model: M;
  readonly cmds: readonly C[];
}
