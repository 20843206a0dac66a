package io.shardwise.reshard;

import me.tongfei.progressbar.ProgressBarConsumer;

/** A progress bar that draws nowhere: for {@code --no-progress} and for scripts. */
final class SilentConsumer implements ProgressBarConsumer {

  @Override
  public int getMaxRenderedLength() {
    return 80;
  }

  @Override
  public void accept(String rendered) {}

  @Override
  public void close() {}
}
