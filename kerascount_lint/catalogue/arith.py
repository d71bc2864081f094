"""Output-length arithmetic, transcribed from keras/src/ops/operation_utils.py and backend_utils.py."""
from kerascount_lint.catalogue.base import LayerError, known
from kerascount_lint.datatypes import Problem


def conv_length(length, kernel, stride, padding, dilation, label):
    if not known(length):
        return length
    if padding == "valid":
        out = (length - dilation * (kernel - 1) - 1) // stride + 1
        if out <= 0:
            raise LayerError(
                Problem.NON_POSITIVE_DIMENSION,
                f"{label}: kernel {kernel}"
                f"{f' (dilated to {dilation * (kernel - 1) + 1})' if dilation > 1 else ''}"
                f" is larger than the input length {length} with padding='valid'; "
                f"the output would have size {out}. Use padding='same' or a smaller kernel",
                "kernel_size")
        return out
    return (length - 1) // stride + 1  # same / causal


def pool_length(length, pool, stride, padding, label):
    if not known(length):
        return length
    if padding == "valid":
        out = (length - pool) // stride + 1
        if out <= 0:
            raise LayerError(
                Problem.NON_POSITIVE_DIMENSION,
                f"{label}: pool size {pool} is larger than the input length {length} with "
                f"padding='valid'; the output would have size {out}",
                "pool_size")
        return out
    return (length - 1) // stride + 1


def deconv_length(length, kernel, stride, padding, output_padding, dilation):
    if not known(length):
        return length
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(kernel, stride) - kernel if output_padding is None else output_padding
        return (length - 1) * stride + kernel + extra
    if output_padding is None:
        return length * stride
    return (length - 1) * stride + kernel % 2 + output_padding
